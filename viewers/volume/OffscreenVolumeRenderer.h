#pragma once

#include "image/Image.h"
#include "volume/VolumeRenderingPreset.h"

#include <QObject>
#include <QSize>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>
#include <vtkSmartPointer.h>

class QThread;
class vtkCamera;
class vtkPolyData;

namespace rgw::viewers {

/// The camera of a 3D view, copied between threads.
struct CameraState {
    std::array<double, 3> position{}, focalPoint{}, viewUp{};
    double viewAngle = 30.0;
    bool parallel = false;
    double parallelScale = 1.0;

    bool operator==(const CameraState&) const = default;
    static CameraState of(vtkCamera* camera);
    void applyTo(vtkCamera* camera) const;
};

/// What a volume-rendered frame shows: the volume with its transfer
/// functions and the ROI surfaces, so that the renderer composites them in
/// depth. The meshes are the renderer's own copies.
struct VolumeScene {
    std::shared_ptr<const Volume> volume;
    TransferFunction transfer;
    struct Surface {
        vtkSmartPointer<vtkPolyData> mesh; ///< LPS mm, not shared with any other thread
        std::array<double, 3> colour{};    ///< 0..1
    };
    std::vector<Surface> surfaces;
};

/// Identifies a frame: the scene number, the camera and the size in device
/// pixels. A frame may be shown only while all three are current.
struct VolumeFrameKey {
    int scene = 0;
    CameraState camera;
    QSize size;
    bool operator==(const VolumeFrameKey&) const = default;
};

struct VolumeFrame {
    VolumeFrameKey key;
    /// RGB, 3 bytes per pixel, bottom row first (OpenGL's and VTK's order).
    std::shared_ptr<const std::vector<std::uint8_t>> rgb;
    bool final = false; ///< full quality (else the coarse preview)
    double ms = 0.0;    ///< time the renderer spent on it
};

/// Volume rendering off the GUI thread. The renderer owns a thread (below
/// the GUI thread's priority) with its own OpenGL context and VTK pipeline (nothing VTK is
/// shared with the GUI thread) and answers each request with a coarse frame,
/// then a full-quality one; requests superseded before a stage starts are
/// dropped. Rays are cast on the CPU (VTK's multithreaded fixed-point ray
/// caster, surfaces composited by depth): with software OpenGL, VTK's GPU
/// ray caster took 3.8 s per frame of a 512 x 512 x 300 CT and, since every
/// context in the process shares llvmpipe's rasteriser, stalled the views'
/// frames even from another thread; the CPU caster takes about 0.2 s and
/// leaves the rasteriser to the views (tests/bench/run_viewer_benchmark.sh).
class OffscreenVolumeRenderer : public QObject {
    Q_OBJECT
public:
    explicit OffscreenVolumeRenderer(QObject* parent = nullptr);
    /// Waits for a frame being drawn to finish, then stops the thread.
    ~OffscreenVolumeRenderer() override;

    /// Replaces the scene; returns its number (part of every frame's key).
    int setScene(VolumeScene scene);
    /// Asks for frames of `key` (which must name the current scene).
    void request(const VolumeFrameKey& key);

signals:
    /// Emitted on the receiver's thread; check the key before showing it.
    void frameReady(const rgw::viewers::VolumeFrame& frame);

private:
    class Worker;
    QThread* thread_ = nullptr;
    Worker* worker_ = nullptr;
    int sceneNumber_ = 0;
};

} // namespace rgw::viewers

Q_DECLARE_METATYPE(rgw::viewers::VolumeFrame)
