#pragma once

// Every segmentation tool of the editor, headless: functions on Mask (+ the
// image) whose results SegmentationSet records as undoable edits.
#include "segmentation/Brush.h"
#include "segmentation/Islands.h"
#include "segmentation/LogicalOps.h"
#include "segmentation/Margin.h"
#include "segmentation/RegionGrowing.h"
#include "segmentation/ResampleMask.h"
#include "segmentation/SliceInterpolation.h"
#include "segmentation/Threshold.h"
#include "segmentation/ToolTypes.h"
