//===- PoolImporters.cpp - ONNX pools, global pools and MaxUnpool ---------===//
#include "compiler/import/NodeImporter.h"
#include "compiler/import/WindowAttrs.h"
#include "dialects/graph/DlcDialect.h"
#include "dialects/graph/GradientUtils.h"

using namespace mlir;
using namespace dlc;
using namespace dlc::graph;

namespace {
// The k of an input [N, C, D1..Dk], which sizes the window attributes.
FailureOr<size_t> getSpatialRank(NodeImporter &node, RankedTensorType inputType) {
  if (inputType.getRank() < 3)
    return node.emitError() << "expected an input of rank >= 3 ([N, C, D1..Dk]), "
                               "found rank "
                            << inputType.getRank();
  return inputType.getRank() - 2;
}

// A MaxPool or AveragePool node's attributes as OpTy's, with ONNX's
// rank-dependent defaults filled in and auto_pad resolved into `pads`;
// `dilations` only for ops that have them.
template <typename OpTy>
FailureOr<NamedAttrList> importWindow(NodeImporter &node, Value input,
                                      ArrayRef<StringRef> onnxOnly, bool dilated) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<OpTy>(onnxOnly);
  if (failed(attrs))
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  FailureOr<size_t> spatialRank = getSpatialRank(node, inputType);
  if (failed(spatialRank))
    return failure();
  std::optional<SmallVector<int64_t>> kernelShape = node.intsAttr("kernel_shape");
  if (!kernelShape)
    return node.emitError() << "expected attribute 'kernel_shape'";
  if (kernelShape->size() != *spatialRank)
    return node.emitError() << "expected " << *spatialRank
                            << " values in 'kernel_shape' (one per spatial axis), "
                               "found "
                            << kernelShape->size();
  FailureOr<SmallVector<int64_t>> strides = spatialAttr(node, "strides", *spatialRank, 1);
  if (failed(strides))
    return failure();
  FailureOr<SmallVector<int64_t>> dilations =
      spatialAttr(node, "dilations", *spatialRank, 1);
  if (failed(dilations))
    return failure();
  FailureOr<SmallVector<int64_t>> pads =
      resolvePads(node, node.stringAttr("auto_pad", "NOTSET"),
                  inputType.getShape().drop_front(2), *kernelShape, *strides, *dilations);
  if (failed(pads))
    return failure();
  OpBuilder &b = node.builder();
  attrs->set("strides", b.getDenseI64ArrayAttr(*strides));
  attrs->set("pads", b.getDenseI64ArrayAttr(*pads));
  if (dilated)
    attrs->set("dilations", b.getDenseI64ArrayAttr(*dilations));
  return attrs;
}

// MaxPool binds its optional Indices output only when the node asks for it:
// the indices are computed by an op of their own, the one with
// `storage_order`.
LogicalResult importMaxPool(NodeImporter &node) {
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<NamedAttrList> attrs = importWindow<MaxPoolWithIndicesOp>(
      node, input, /*onnxOnly=*/{"auto_pad"}, /*dilated=*/true);
  if (failed(attrs))
    return failure();
  if (node.hasOutput(1))
    return node.createOutputs<MaxPoolWithIndicesOp>(input, attrs->getAttrs());
  attrs->erase("storage_order");
  return node.createOutputs<MaxPoolOp>(input, attrs->getAttrs());
}

// AveragePool has dilations since opset 19; dlc's average pool has none, so
// only the undilated window imports.
LogicalResult importAveragePool(NodeImporter &node) {
  if (std::optional<SmallVector<int64_t>> dilations = node.intsAttr("dilations");
      dilations && llvm::any_of(*dilations, [](int64_t d) { return d != 1; }))
    return node.emitError() << "supports dilations of 1 only, found ["
                            << ArrayRef<int64_t>(*dilations) << "]";
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<NamedAttrList> attrs = importWindow<AveragePoolOp>(
      node, input, /*onnxOnly=*/{"auto_pad", "dilations"}, /*dilated=*/false);
  if (failed(attrs))
    return failure();
  return node.createOutputs<AveragePoolOp>(input, attrs->getAttrs());
}

// LpPool has dilations and ceil_mode since opset 18; older forms have none.
LogicalResult importLpPool(NodeImporter &node) {
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<NamedAttrList> attrs =
      importWindow<LpPoolOp>(node, input, /*onnxOnly=*/{"auto_pad"}, /*dilated=*/true);
  if (failed(attrs))
    return failure();
  return node.createOutputs<LpPoolOp>(input, attrs->getAttrs());
}

/// The attributes of one window over all spatial dims of `input`: stride 1,
/// no pads, no dilation.
FailureOr<SmallVector<NamedAttribute>> globalWindow(NodeImporter &node, Value input) {
  auto inputType = cast<RankedTensorType>(input.getType());
  FailureOr<size_t> spatialRank = getSpatialRank(node, inputType);
  if (failed(spatialRank))
    return failure();
  SmallVector<int64_t> ones(*spatialRank, 1);
  OpBuilder &b = node.builder();
  return SmallVector<NamedAttribute>{
      b.getNamedAttr("kernel_shape", b.getDenseI64ArrayAttr(inputType.getShape().drop_front(2))),
      b.getNamedAttr("strides", b.getDenseI64ArrayAttr(ones)),
      b.getNamedAttr("pads",
                     b.getDenseI64ArrayAttr(SmallVector<int64_t>(2 * *spatialRank, 0))),
      b.getNamedAttr("dilations", b.getDenseI64ArrayAttr(ones))};
}

// MaxUnpool puts each value at the flat index MaxPool's Indices gave it, in
// a zero tensor shaped like that pool's input: a scatter of the flattened
// values. A larger output_shape (a compile-time operand) keeps those
// coordinates and pads the end of each dim with zeros.
LogicalResult importMaxUnpool(NodeImporter &node) {
  if (failed(node.rejectUnknownAttrs({"kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<SmallVector<Value>> inputs = node.inputs(2);
  if (failed(inputs))
    return failure();
  Value values = (*inputs)[0], indices = (*inputs)[1];
  auto type = cast<RankedTensorType>(values.getType());
  FailureOr<size_t> spatialRank = getSpatialRank(node, type);
  if (failed(spatialRank))
    return failure();
  if (cast<RankedTensorType>(indices.getType()).getShape() != type.getShape())
    return node.emitError() << "expected indices of the values' shape " << type << ", found "
                            << indices.getType();
  std::optional<SmallVector<int64_t>> kernel = node.intsAttr("kernel_shape");
  if (!kernel || kernel->size() != *spatialRank)
    return node.emitError() << "expected 'kernel_shape' with " << *spatialRank << " values";
  FailureOr<SmallVector<int64_t>> strides = spatialAttr(node, "strides", *spatialRank, 1);
  FailureOr<SmallVector<int64_t>> pads = spatialAttr(node, "pads", 2 * *spatialRank, 0);
  if (failed(strides) || failed(pads))
    return failure();
  // Sizes below 2^31 and a result of at most 2^31 elements keep the
  // arithmetic in 64 bits and the scatter's literal small.
  constexpr int64_t kLimit = int64_t(1) << 31;
  SmallVector<int64_t> shape(type.getShape().take_front(2));
  int64_t elements = type.getDimSize(0) * type.getDimSize(1);
  for (size_t i = 0; i < *spatialRank; ++i) {
    int64_t kernelSize = (*kernel)[i], stride = (*strides)[i];
    int64_t padBegin = (*pads)[i], padEnd = (*pads)[*spatialRank + i];
    if (kernelSize < 1 || kernelSize >= kLimit || stride < 1 || stride >= kLimit ||
        padBegin < 0 || padBegin >= kLimit || padEnd < 0 || padEnd >= kLimit)
      return node.emitError() << "expected kernel sizes and strides in [1, 2^31) and pads in "
                                 "[0, 2^31) along spatial axis "
                              << i;
    int64_t size = (type.getDimSize(2 + i) - 1) * stride + kernelSize - padBegin - padEnd;
    if (size < 1 || size >= kLimit || (elements *= size) > kLimit)
      return node.emitError() << "the unpooled size along spatial axis " << i << " is " << size
                              << " (at most 2^31 elements in all)";
    shape.push_back(size);
  }
  OpBuilder &b = node.builder();
  auto flatType = RankedTensorType::get({ShapedType::getNumElements(shape)},
                                        type.getElementType());
  int64_t count = type.getNumElements();
  FailureOr<ReshapeOp> flatValues = node.create<ReshapeOp>(
      values, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr({count}))});
  FailureOr<ReshapeOp> flatIndices = node.create<ReshapeOp>(
      indices, {b.getNamedAttr("shape", b.getDenseI64ArrayAttr({count}))});
  if (failed(flatValues) || failed(flatIndices))
    return failure();
  FailureOr<ScatterElementsOp> scattered = node.create<ScatterElementsOp>(
      ValueRange{createSplat(b, node.loc(), flatType, 0.0), flatIndices->getResult(),
                 flatValues->getResult()},
      {b.getNamedAttr("axis", b.getI64IntegerAttr(0))});
  if (failed(scattered))
    return failure();
  FailureOr<ReshapeOp> unpooled = node.create<ReshapeOp>(
      scattered->getResult(), {b.getNamedAttr("shape", b.getDenseI64ArrayAttr(shape))});
  if (failed(unpooled))
    return failure();
  if (!node.hasInput(2))
    return node.setOutputs(unpooled->getResult());
  FailureOr<SmallVector<int64_t>> outputShape = node.constantInts(2);
  if (failed(outputShape))
    return failure();
  if (outputShape->size() != shape.size())
    return node.emitError() << "expected an output_shape of " << shape.size() << " dims";
  SmallVector<int64_t> growth(2 * shape.size(), 0);
  for (auto [index, dims] : llvm::enumerate(llvm::zip(shape, *outputShape))) {
    auto [unpooledDim, outputDim] = dims;
    if (outputDim < unpooledDim || (index < 2 && outputDim != unpooledDim))
      return node.emitError() << "expected an output_shape of at least [" << ArrayRef(shape)
                              << "] with the same N and C, found ["
                              << ArrayRef<int64_t>(*outputShape) << "]";
    growth[shape.size() + index] = outputDim - unpooledDim;
  }
  return node.createOutputs<PadOp>(unpooled->getResult(),
                                   {b.getNamedAttr("pads", b.getDenseI64ArrayAttr(growth))});
}

// GlobalMaxPool and GlobalLpPool are max_pool and lp_pool whose one window
// is the whole spatial extent; only GlobalLpPool's `p` comes from the node.
template <typename OpTy>
LogicalResult importGlobalPool(NodeImporter &node) {
  FailureOr<NamedAttrList> attrs = node.odsAttributes<OpTy>(
      {}, /*derived=*/{"kernel_shape", "strides", "pads", "dilations", "ceil_mode"});
  if (failed(attrs))
    return failure();
  Value input = node.input(0);
  if (!input)
    return failure();
  FailureOr<SmallVector<NamedAttribute>> window = globalWindow(node, input);
  if (failed(window))
    return failure();
  for (NamedAttribute attr : *window)
    attrs->set(attr.getName(), attr.getValue());
  return node.createOutputs<OpTy>(input, attrs->getAttrs());
}
} // namespace

void dlc::registerPoolImporters(ImporterRegistry &registry) {
  registry.add("AveragePool", importAveragePool);
  registry.add("GlobalAveragePool", importDirect<GlobalAveragePoolOp, 1>);
  registry.add("GlobalMaxPool", importGlobalPool<MaxPoolOp>);
  registry.add("MaxPool", importMaxPool);
  registry.add("LpPool", importLpPool);
  registry.add("MaxUnpool", importMaxUnpool, /*constantOperands=*/{2});
  registry.add("GlobalLpPool", importGlobalPool<LpPoolOp>);
}
