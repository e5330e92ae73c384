//===- DlcAttributes.h - the facts passes leave for later passes ----------===//
//
// Which function is an entry or a kernel, what an entry argument or result
// is, how large the arena is: each is a discardable attribute of the dlc
// dialect (DlcBase.td), named once there, and verified by the dialect for
// its type and its place whenever IR is verified, so that a pass reading
// one (or a hand-written test) never meets a string where a count belongs.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_DIALECTS_GRAPH_DLCATTRIBUTES_H
#define DLC_DIALECTS_GRAPH_DLCATTRIBUTES_H

#include "dialects/graph/DlcDialect.h"

namespace dlc::attr {
using Dialect = graph::DlcDialect;

// On functions.
/// An entry point of the model library, named by the string (run, train_step, ...).
inline constexpr llvm::StringLiteral kEntry = Dialect::EntryAttrHelper::getNameStr();
/// A kernel that kernel formation outlined.
inline constexpr llvm::StringLiteral kKernel = Dialect::KernelAttrHelper::getNameStr();
/// An entry's count of real inputs; its params follow them as arguments.
inline constexpr llvm::StringLiteral kNumInputs = Dialect::NumInputsAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kNumParams = Dialect::NumParamsAttrHelper::getNameStr();
/// An entry's planned arena, in bytes.
inline constexpr llvm::StringLiteral kArenaBytes = Dialect::ArenaBytesAttrHelper::getNameStr();
/// A function that runs chunks [begin, end) of a parallel loop nest: its
/// last two arguments are begin and end, the others the values it uses.
inline constexpr llvm::StringLiteral kParallelBody =
    Dialect::ParallelBodyAttrHelper::getNameStr();
/// An LLVM function whose last argument is the dlc_host_api pointer.
inline constexpr llvm::StringLiteral kTakesHost = Dialect::TakesHostAttrHelper::getNameStr();
/// An external function whose calls are calls of this dlc_host_api field,
/// given the host's context as an extra first argument.
inline constexpr llvm::StringLiteral kHostField = Dialect::HostFieldAttrHelper::getNameStr();
/// A function that runs on a GPU as one kernel launch, and its number in the
/// model's launch table: its arguments are device buffers and scalars.
inline constexpr llvm::StringLiteral kLaunch = Dialect::LaunchAttrHelper::getNameStr();

// On the module.
/// The CUDA C++ source of every launch and the launch table, in the
/// artifact's format (runtime/include/dlc/abi.h), from dlc-render-cuda.
inline constexpr llvm::StringLiteral kCudaSource = Dialect::CudaSourceAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kCudaLaunches =
    Dialect::CudaLaunchesAttrHelper::getNameStr();

// On other ops.
/// On a dlc.param: a statistic the model keeps (BatchNormalization's running
/// mean and variance), never trained by gradients.
inline constexpr llvm::StringLiteral kRunningStatistic =
    Dialect::RunningStatisticAttrHelper::getNameStr();
/// On an scf.parallel: the vector multiply-adds its whole nest performs
/// (compared with min-iterations like a trip count), set by the pass that
/// built it, which knows better than trip counts can tell.
inline constexpr llvm::StringLiteral kParallelWork =
    Dialect::ParallelWorkAttrHelper::getNameStr();

// On entry arguments and results.
/// The ONNX name of an entry argument or result.
inline constexpr llvm::StringLiteral kName = Dialect::NameAttrHelper::getNameStr();
/// On an argument that holds a param: its name and value.
inline constexpr llvm::StringLiteral kParamName = Dialect::ParamNameAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kParamValue = Dialect::ParamValueAttrHelper::getNameStr();
/// On an argument: dlc-autodiff also returns the loss's gradient w.r.t. it
/// (a result carrying kGradientOfArg = its index).
inline constexpr llvm::StringLiteral kWrt = Dialect::WrtAttrHelper::getNameStr();
/// On a result: the new value of the named param (a training update).
inline constexpr llvm::StringLiteral kUpdate = Dialect::UpdateAttrHelper::getNameStr();
/// On a result: the scalar that dlc-autodiff differentiates.
inline constexpr llvm::StringLiteral kLoss = Dialect::LossAttrHelper::getNameStr();
/// On a result: the gradient of the loss w.r.t. the named param.
inline constexpr llvm::StringLiteral kGradientOf = Dialect::GradientOfAttrHelper::getNameStr();
inline constexpr llvm::StringLiteral kGradientOfArg =
    Dialect::GradientOfArgAttrHelper::getNameStr();

} // namespace dlc::attr

#endif // DLC_DIALECTS_GRAPH_DLCATTRIBUTES_H
