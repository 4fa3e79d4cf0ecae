#!/bin/sh
# Reference outputs of ITK's LaplacianRecursiveGaussianImageFilter and
# GradientMagnitudeImageFilter, instantiated as SimpleITK does (see
# itk_reference.cpp), for PyRadiomics' LoG and Gradient image types on 3D
# volumes and on 2D images (SimpleITK's two-axis image of a 2D file).
# Needs Debian 12's ITK: apt-get install libinsighttoolkit5-dev
# Run from this folder: sh make_itk_reference.sh
set -eu
ITK_INC=/usr/include/ITK-5.2
# Plain -O2 for generic x86-64 (no -march, no -ffast-math): the filters are
# header templates, so this compile line decides their floating-point code.
g++ -std=c++17 -O2 -I"$ITK_INC" itk_reference.cpp -o /tmp/rgw_itk_reference \
    -lITKSmoothing-5.2 -lITKCommon-5.2 -litksys-5.2 -litkvnl_algo-5.2 -litkvnl-5.2 -litkv3p_netlib-5.2 -pthread
/tmp/rgw_itk_reference
{
    echo "ITK $(dpkg-query -W -f='${Version}' libinsighttoolkit5-dev) (Debian libinsighttoolkit5-dev)"
    g++ --version | head -n 1
    echo "libm: $(ldd --version | head -n 1)"
    echo "flags: -std=c++17 -O2 ($(uname -m))"
} > itk.session.txt
