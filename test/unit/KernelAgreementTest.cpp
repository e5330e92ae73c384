//===- KernelAgreementTest.cpp - microkernels against the reference build -===//
//
// One table row per float32 function @f in the graph dialect, shaped to
// reach a microkernel's corners (column tails, channel tails, strides,
// groups, dilations, kernels wider than a tile). Each row is compiled twice,
// optimized (microkernels, fusion, threads) and as the reference build
// (plain loops), and both run on the same random inputs; every output
// element must agree within float32 rounding of a reordered sum.
//
//===----------------------------------------------------------------------===//
#include "CompiledModule.h"

#include "compiler/driver/Compiler.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/Hashing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mlir;
using namespace dlc;
using namespace dlc::test;

namespace {
struct KernelCase {
  const char *name;
  const char *source; ///< `func.func @f(...) -> ...`, f32 tensors
};

std::ostream &operator<<(std::ostream &os, const KernelCase &c) { return os << c.name; }

// clang-format off
const KernelCase kCases[] = {
  // Forward convolutions: 40 columns are two 16-lane vectors and a tail.
  {"conv_padded_wide", R"(func.func @f(%x: tensor<2x3x9x40xf32>, %w: tensor<5x3x3x3xf32>) -> tensor<2x5x9x40xf32> {
    %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x3x9x40xf32>, tensor<5x3x3x3xf32>) -> tensor<2x5x9x40xf32>
    return %y : tensor<2x5x9x40xf32> })"},
  {"conv_strided_grouped", R"(func.func @f(%x: tensor<1x4x11x37xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x19xf32> {
    %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x11x37xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x19xf32>
    return %y : tensor<1x4x6x19xf32> })"},
  {"conv_depthwise_dilated", R"(func.func @f(%x: tensor<1x6x10x20xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x16xf32> {
    %y = dlc.conv %x, %w {dilations = array<i64: 2, 2>, group = 6 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x10x20xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x16xf32>
    return %y : tensor<1x6x6x16xf32> })"},
  // Input gradients: a convolution walking the kernel backwards.
  {"conv_grad_input_padded", R"(func.func @f(%dy: tensor<2x5x9x40xf32>, %w: tensor<5x3x3x3xf32>) -> tensor<2x3x9x40xf32> {
    %dx = dlc.conv_grad_input %dy, %w {dilations = array<i64: 1, 1>, group = 1 : i64, input_shape = array<i64: 2, 3, 9, 40>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<2x5x9x40xf32>, tensor<5x3x3x3xf32>) -> tensor<2x3x9x40xf32>
    return %dx : tensor<2x3x9x40xf32> })"},
  {"conv_grad_input_strided_dilated", R"(func.func @f(%dy: tensor<1x4x4x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x10x18xf32> {
    %dx = dlc.conv_grad_input %dy, %w {dilations = array<i64: 2, 2>, group = 1 : i64, input_shape = array<i64: 1, 3, 10, 18>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x3x10x18xf32>
    return %dx : tensor<1x3x10x18xf32> })"},
  // Filter gradients: reductions over (batch, rows, columns).
  {"conv_grad_weight", R"(func.func @f(%x: tensor<3x3x12x37xf32>, %dy: tensor<3x7x10x35xf32>) -> tensor<7x3x3x3xf32> {
    %dw = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 1 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<3x3x12x37xf32>, tensor<3x7x10x35xf32>) -> tensor<7x3x3x3xf32>
    return %dw : tensor<7x3x3x3xf32> })"},
  {"conv_grad_weight_strided_padded", R"(func.func @f(%x: tensor<2x3x11x33xf32>, %dy: tensor<2x4x6x17xf32>) -> tensor<4x3x3x5xf32> {
    %dw = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 1 : i64, kernel_shape = array<i64: 3, 5>, pads = array<i64: 1, 2, 1, 2>, strides = array<i64: 2, 2>} : (tensor<2x3x11x33xf32>, tensor<2x4x6x17xf32>) -> tensor<4x3x3x5xf32>
    return %dw : tensor<4x3x3x5xf32> })"},
  {"conv_grad_weight_grouped_dilated", R"(func.func @f(%x: tensor<2x4x12x20xf32>, %dy: tensor<2x6x8x16xf32>) -> tensor<6x2x3x3xf32> {
    %dw = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 2, 2>, group = 2 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x4x12x20xf32>, tensor<2x6x8x16xf32>) -> tensor<6x2x3x3xf32>
    return %dw : tensor<6x2x3x3xf32> })"},
  {"conv_grad_weight_wide_kernel", R"(func.func @f(%x: tensor<1x2x4x30xf32>, %dy: tensor<1x9x4x24xf32>) -> tensor<9x2x1x7xf32> {
    %dw = dlc.conv_grad_weight %x, %dy {dilations = array<i64: 1, 1>, group = 1 : i64, kernel_shape = array<i64: 1, 7>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x30xf32>, tensor<1x9x4x24xf32>) -> tensor<9x2x1x7xf32>
    return %dw : tensor<9x2x1x7xf32> })"},
  // Matmuls: a masked last panel, a smaller last row tile, transposed B.
  {"matmul_tails", R"(func.func @f(%a: tensor<37x70xf32>, %b: tensor<70x45xf32>) -> tensor<37x45xf32> {
    %y = dlc.matmul %a, %b : (tensor<37x70xf32>, tensor<70x45xf32>) -> tensor<37x45xf32>
    return %y : tensor<37x45xf32> })"},
  {"gemm_transposed_b", R"(func.func @f(%a: tensor<40x30xf32>, %b: tensor<50x30xf32>, %c: tensor<50xf32>) -> tensor<40x50xf32> {
    %y = dlc.gemm %a, %b, %c {transB = 1 : i64} : (tensor<40x30xf32>, tensor<50x30xf32>, tensor<50xf32>) -> tensor<40x50xf32>
    return %y : tensor<40x50xf32> })"},
  {"matmul_batched", R"(func.func @f(%a: tensor<3x9x20xf32>, %b: tensor<3x20x33xf32>) -> tensor<3x9x33xf32> {
    %y = dlc.matmul %a, %b : (tensor<3x9x20xf32>, tensor<3x20x33xf32>) -> tensor<3x9x33xf32>
    return %y : tensor<3x9x33xf32> })"},
};
// clang-format on

class KernelAgreement : public ::testing::TestWithParam<KernelCase> {};

HostTensor randomInput(RankedTensorType type, std::mt19937_64 &rng) {
  HostTensor t;
  t.dtype = DLC_DTYPE_F32;
  t.dims.assign(type.getShape().begin(), type.getShape().end());
  t.bytes.resize(t.numElements() * sizeof(float));
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = uniform(rng);
  return t;
}

// `f` compiled with or without optimization, run on `inputs`.
std::vector<HostTensor> compileAndRun(const KernelCase &c, bool optimize,
                                      const std::vector<HostTensor> &inputs) {
  std::unique_ptr<MLIRContext> context = createCompilerContext();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(c.source, context.get());
  EXPECT_TRUE(module) << "the row's source does not parse";
  if (!module)
    return {};
  auto f = module->lookupSymbol<func::FuncOp>("f");
  f->setAttr(attr::kEntry, StringAttr::get(context.get(), "run"));
  CompiledModule compiled;
  std::string error;
  std::vector<HostTensor> outputs;
  EXPECT_TRUE(compiled.compile(*module, error, optimize)) << error;
  EXPECT_TRUE(compiled.run("run", inputs, outputs, error)) << error;
  return outputs;
}

TEST_P(KernelAgreement, OptimizedMatchesReference) {
  const KernelCase &c = GetParam();
  std::vector<HostTensor> inputs;
  {
    std::unique_ptr<MLIRContext> context = createCompilerContext();
    OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(c.source, context.get());
    ASSERT_TRUE(module) << "the row's source does not parse";
    std::mt19937_64 rng(llvm::hash_value(llvm::StringRef(c.name)));
    for (Type type : module->lookupSymbol<func::FuncOp>("f").getArgumentTypes())
      inputs.push_back(randomInput(cast<RankedTensorType>(type), rng));
  }
  std::vector<HostTensor> optimized = compileAndRun(c, true, inputs);
  std::vector<HostTensor> reference = compileAndRun(c, false, inputs);
  ASSERT_EQ(optimized.size(), reference.size());
  ASSERT_FALSE(reference.empty());
  for (size_t k = 0; k < reference.size(); ++k) {
    ASSERT_EQ(optimized[k].dims, reference[k].dims);
    int64_t differing = 0, first = -1;
    for (int64_t i = 0; i < reference[k].numElements(); ++i) {
      float expected = reference[k].data<float>()[i];
      if (!(std::abs(optimized[k].data<float>()[i] - expected) <= 1e-4 + 1e-4 * std::abs(expected))) {
        ++differing;
        if (first < 0)
          first = i;
      }
    }
    EXPECT_EQ(differing, 0) << c.name << ": output " << k << " differs at " << differing
                            << " elements, first at " << first << ": "
                            << (first < 0 ? 0.0f : optimized[k].data<float>()[first]) << " vs "
                            << (first < 0 ? 0.0f : reference[k].data<float>()[first]);
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, KernelAgreement, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<KernelCase> &info) {
                           return std::string(info.param.name);
                         });
} // namespace
