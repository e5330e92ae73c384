//===- GradientCheckTest.cpp - every gradient against finite differences --===//
//
// One table row per op (and attribute set): a function @f in the graph
// dialect, in f64. The test turns it into a scalar loss, sum(f(x...) * R)
// with a fixed random R, differentiates that with --dlc-autodiff with respect
// to every float argument, compiles it through the whole CPU pipeline and
// compares each gradient element with central finite differences of the
// compiled loss. Adding an op's gradient adds a row.
//
//===----------------------------------------------------------------------===//
#include "CompiledModule.h"

#include "compiler/driver/Compiler.h"
#include "dialects/graph/DlcDialect.h"
#include "passes/memory/Passes.h"
#include "passes/training/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/Hashing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mlir;
using namespace dlc;
using namespace dlc::test;

namespace {
struct GradientCase {
  const char *name;
  const char *source; ///< `func.func @f(...) -> tensor<...>`, f64 floats
  double lo = -1.0;   ///< float arguments are drawn from [lo, hi)
  double hi = 1.0;
  int64_t classes = 3; ///< integer arguments are drawn from [0, classes)
};

std::ostream &operator<<(std::ostream &os, const GradientCase &c) { return os << c.name; }

// clang-format off
const GradientCase kCases[] = {
  // Elementwise, with broadcasting reduced back to each operand.
  {"add_broadcast", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> tensor<2x3xf64> {
    %y = dlc.add %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })"},
  {"sub_broadcast_both", R"(func.func @f(%a: tensor<2x1x3xf64>, %b: tensor<4x1xf64>) -> tensor<2x4x3xf64> {
    %y = dlc.sub %a, %b : (tensor<2x1x3xf64>, tensor<4x1xf64>) -> tensor<2x4x3xf64>
    return %y : tensor<2x4x3xf64> })"},
  {"mul_scalar", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<f64>) -> tensor<2x3xf64> {
    %y = dlc.mul %a, %b : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })"},
  {"div", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<2x1xf64>) -> tensor<2x3xf64> {
    %y = dlc.div %a, %b : (tensor<2x3xf64>, tensor<2x1xf64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })", 0.5, 2.0},
  {"fan_out", R"(func.func @f(%a: tensor<3xf64>) -> tensor<3xf64> {
    %s = dlc.mul %a, %a : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    %y = dlc.add %s, %a : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    return %y : tensor<3xf64> })"},
  {"relu", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.relu %a : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"sigmoid", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.sigmoid %a : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -3.0, 3.0},
  {"tanh", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.tanh %a : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -2.0, 2.0},
  {"exp", R"(func.func @f(%a: tensor<5xf64>) -> tensor<5xf64> {
    %y = dlc.exp %a : tensor<5xf64>
    return %y : tensor<5xf64> })"},
  {"log", R"(func.func @f(%a: tensor<5xf64>) -> tensor<5xf64> {
    %y = dlc.log %a : tensor<5xf64>
    return %y : tensor<5xf64> })", 0.5, 3.0},
  {"sqrt", R"(func.func @f(%a: tensor<5xf64>) -> tensor<5xf64> {
    %y = dlc.sqrt %a : tensor<5xf64>
    return %y : tensor<5xf64> })", 0.5, 3.0},
  {"reciprocal", R"(func.func @f(%a: tensor<5xf64>) -> tensor<5xf64> {
    %y = dlc.reciprocal %a : tensor<5xf64>
    return %y : tensor<5xf64> })", 0.5, 3.0},
  {"erf", R"(func.func @f(%a: tensor<5xf64>) -> tensor<5xf64> {
    %y = dlc.erf %a : tensor<5xf64>
    return %y : tensor<5xf64> })"},
  {"neg_abs", R"(func.func @f(%a: tensor<6xf64>) -> tensor<6xf64> {
    %n = dlc.neg %a : tensor<6xf64>
    %y = dlc.abs %n : tensor<6xf64>
    return %y : tensor<6xf64> })"},
  {"floor_ceil", R"(func.func @f(%a: tensor<6xf64>, %b: tensor<6xf64>) -> tensor<6xf64> {
    %f = dlc.floor %a : tensor<6xf64>
    %c = dlc.ceil %a : tensor<6xf64>
    %s = dlc.add %f, %c : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    %y = dlc.mul %s, %b : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    return %y : tensor<6xf64> })", 0.1, 0.9},
  {"pow", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> tensor<2x3xf64> {
    %y = dlc.pow %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })", 0.5, 2.0},
  {"max_min", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> tensor<2x3xf64> {
    %m = dlc.max %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
    %y = dlc.min %m, %a : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })"},
  // Clip differentiates through its decomposition: the bounds take the
  // gradient where they win, x where it lies between them.
  {"clip_both_bounds", R"(func.func @f(%x: tensor<3x4xf64>, %lo: tensor<f64>, %hi: tensor<1xf64>) -> tensor<3x4xf64> {
    %y = dlc.clip %x min %lo max %hi : (tensor<3x4xf64>, tensor<f64>, tensor<1xf64>) -> tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"clip_max_only", R"(func.func @f(%x: tensor<3x4xf64>, %hi: tensor<f64>) -> tensor<3x4xf64> {
    %y = dlc.clip %x max %hi : (tensor<3x4xf64>, tensor<f64>) -> tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"leaky_relu", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.leaky_relu %a {alpha = 0.1 : f32} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"where", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> tensor<2x3xf64> {
    %c = dlc.greater %a, %b : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xi1>
    %y = dlc.where %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })"},
  // Matrix products.
  {"gemm_bias_row", R"(func.func @f(%a: tensor<3x4xf64>, %b: tensor<4x5xf64>, %c: tensor<5xf64>) -> tensor<3x5xf64> {
    %y = dlc.gemm %a, %b, %c {alpha = 0.5 : f32, beta = 2.0 : f32} : (tensor<3x4xf64>, tensor<4x5xf64>, tensor<5xf64>) -> tensor<3x5xf64>
    return %y : tensor<3x5xf64> })"},
  {"gemm_transposed", R"(func.func @f(%a: tensor<4x3xf64>, %b: tensor<5x4xf64>, %c: tensor<3x1xf64>) -> tensor<3x5xf64> {
    %y = dlc.gemm %a, %b, %c {transA = 1 : i64, transB = 1 : i64} : (tensor<4x3xf64>, tensor<5x4xf64>, tensor<3x1xf64>) -> tensor<3x5xf64>
    return %y : tensor<3x5xf64> })"},
  {"matmul_batch_broadcast", R"(func.func @f(%a: tensor<2x1x3x4xf64>, %b: tensor<3x4x2xf64>) -> tensor<2x3x3x2xf64> {
    %y = dlc.matmul %a, %b : (tensor<2x1x3x4xf64>, tensor<3x4x2xf64>) -> tensor<2x3x3x2xf64>
    return %y : tensor<2x3x3x2xf64> })"},
  {"matmul_vectors", R"(func.func @f(%a: tensor<4xf64>, %b: tensor<4x3xf64>) -> tensor<3xf64> {
    %y = dlc.matmul %a, %b : (tensor<4xf64>, tensor<4x3xf64>) -> tensor<3xf64>
    return %y : tensor<3xf64> })"},
  // Reductions and softmax.
  {"reduce_sum", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<2x4xf64> {
    %y = dlc.reduce_sum %a {axes = array<i64: 1>, keepdims = false} : tensor<2x3x4xf64> -> tensor<2x4xf64>
    return %y : tensor<2x4xf64> })"},
  {"reduce_max_keepdims", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<2x1x1xf64> {
    %y = dlc.reduce_max %a {axes = array<i64: 1, -1>, keepdims = true} : tensor<2x3x4xf64> -> tensor<2x1x1xf64>
    return %y : tensor<2x1x1xf64> })"},
  {"softmax", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
    %y = dlc.softmax %a {axis = 1 : i64} : tensor<2x3x4xf64>
    return %y : tensor<2x3x4xf64> })", -2.0, 2.0},
  {"log_softmax", R"(func.func @f(%a: tensor<3x5xf64>) -> tensor<3x5xf64> {
    %y = dlc.log_softmax %a {axis = -1 : i64} : tensor<3x5xf64>
    return %y : tensor<3x5xf64> })", -2.0, 2.0},
  {"reduce_min", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<3xf64> {
    %y = dlc.reduce_min %a {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<3xf64>
    return %y : tensor<3xf64> })"},
  {"reduce_prod", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<2x1x4xf64> {
    %y = dlc.reduce_prod %a {axes = array<i64: -2>} : tensor<2x3x4xf64> -> tensor<2x1x4xf64>
    return %y : tensor<2x1x4xf64> })", 0.5, 2.0},
  {"reduce_mean", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<3xf64> {
    %y = dlc.reduce_mean %a {axes = array<i64: 0, 2>, keepdims = false} : tensor<2x3x4xf64> -> tensor<3xf64>
    return %y : tensor<3xf64> })"},
  {"reduce_l1_l2", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x1xf64> {
    %l1 = dlc.reduce_l1 %a {axes = array<i64: 1>} : tensor<3x4xf64> -> tensor<3x1xf64>
    %l2 = dlc.reduce_l2 %a {axes = array<i64: 1>} : tensor<3x4xf64> -> tensor<3x1xf64>
    %y = dlc.add %l1, %l2 : (tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xf64>
    return %y : tensor<3x1xf64> })"},
  {"reduce_sum_square", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<4xf64> {
    %y = dlc.reduce_sum_square %a {axes = array<i64: 0>, keepdims = false} : tensor<3x4xf64> -> tensor<4xf64>
    return %y : tensor<4xf64> })"},
  {"reduce_log_sum", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x1xf64> {
    %y = dlc.reduce_log_sum %a {axes = array<i64: 1>} : tensor<3x4xf64> -> tensor<3x1xf64>
    return %y : tensor<3x1xf64> })", 0.5, 2.0},
  {"reduce_log_sum_exp", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<2x4xf64> {
    %y = dlc.reduce_log_sum_exp %a {axes = array<i64: 1>, keepdims = false} : tensor<2x3x4xf64> -> tensor<2x4xf64>
    return %y : tensor<2x4xf64> })", -3.0, 3.0},
  // Shapes.
  {"reshape_transpose", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<4x6xf64> {
    %t = dlc.transpose %a {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf64> -> tensor<4x2x3xf64>
    %y = dlc.reshape %t {shape = array<i64: 4, -1>} : tensor<4x2x3xf64> -> tensor<4x6xf64>
    return %y : tensor<4x6xf64> })"},
  {"flatten", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<6x4xf64> {
    %y = dlc.flatten %a {axis = 2 : i64} : tensor<2x3x4xf64> -> tensor<6x4xf64>
    return %y : tensor<6x4xf64> })"},
  {"expand", R"(func.func @f(%a: tensor<3x1xf64>) -> tensor<2x3x4xf64> {
    %y = dlc.expand %a {shape = array<i64: 2, 1, 4>} : tensor<3x1xf64> -> tensor<2x3x4xf64>
    return %y : tensor<2x3x4xf64> })"},
  // Convolution.
  {"conv", R"(func.func @f(%x: tensor<2x2x5x5xf64>, %w: tensor<3x2x3x3xf64>, %b: tensor<3xf64>) -> tensor<2x3x3x3xf64> {
    %y = dlc.conv %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x2x5x5xf64>, tensor<3x2x3x3xf64>, tensor<3xf64>) -> tensor<2x3x3x3xf64>
    return %y : tensor<2x3x3x3xf64> })"},
  {"conv_strided_padded", R"(func.func @f(%x: tensor<1x2x6x5xf64>, %w: tensor<2x2x3x2xf64>) -> tensor<1x2x3x3xf64> {
    %y = dlc.conv %x, %w {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x6x5xf64>, tensor<2x2x3x2xf64>) -> tensor<1x2x3x3xf64>
    return %y : tensor<1x2x3x3xf64> })"},
  {"conv_dilated_grouped", R"(func.func @f(%x: tensor<1x4x6x6xf64>, %w: tensor<4x2x2x2xf64>, %b: tensor<4xf64>) -> tensor<1x4x4x4xf64> {
    %y = dlc.conv %x, %w, %b {dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x6x6xf64>, tensor<4x2x2x2xf64>, tensor<4xf64>) -> tensor<1x4x4x4xf64>
    return %y : tensor<1x4x4x4xf64> })"},
  {"conv_transpose_grouped_strided", R"(func.func @f(%x: tensor<1x4x3x3xf64>, %w: tensor<4x1x3x3xf64>) -> tensor<1x2x6x5xf64> {
    %y = dlc.conv_grad_input %x, %w {dilations = array<i64: 1, 1>, group = 2 : i64, input_shape = array<i64: 1, 2, 6, 5>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x3x3xf64>, tensor<4x1x3x3xf64>) -> tensor<1x2x6x5xf64>
    return %y : tensor<1x2x6x5xf64> })"},
  {"conv_1d", R"(func.func @f(%x: tensor<2x1x7xf64>, %w: tensor<2x1x3xf64>) -> tensor<2x2x3xf64> {
    %y = dlc.conv %x, %w {dilations = array<i64: 1>, group = 1 : i64, pads = array<i64: 1, 0>, strides = array<i64: 2>} : (tensor<2x1x7xf64>, tensor<2x1x3xf64>) -> tensor<2x2x3xf64>
    return %y : tensor<2x2x3xf64> })"},
  // Activations.
  {"hard_sigmoid", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.hard_sigmoid %x {alpha = 0.4 : f32, beta = 0.3 : f32} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -3.0, 3.0},
  {"hard_swish", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.hard_swish %x : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -5.0, 5.0},
  {"softplus", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.softplus %x : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -4.0, 4.0},
  {"elu", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.elu %x {alpha = 0.7 : f32} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -2.0, 2.0},
  {"selu", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.selu %x : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -2.0, 2.0},
  {"celu", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.celu %x {alpha = 0.5 : f32} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -2.0, 2.0},
  {"thresholded_relu", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.thresholded_relu %x {alpha = 0.3 : f32} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"shrink", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.shrink %x {bias = 0.2 : f32, lambd = 0.4 : f32} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"gelu", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.gelu %x : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -3.0, 3.0},
  {"gelu_tanh", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.gelu %x {approximate = "tanh"} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -3.0, 3.0},
  {"mish", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.mish %x : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -3.0, 3.0},
  {"softsign", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.softsign %x : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })", -3.0, 3.0},
  {"prelu_broadcast", R"(func.func @f(%x: tensor<2x3x4xf64>, %s: tensor<3x1xf64>) -> tensor<2x3x4xf64> {
    %y = dlc.prelu %x, %s : (tensor<2x3x4xf64>, tensor<3x1xf64>) -> tensor<2x3x4xf64>
    return %y : tensor<2x3x4xf64> })"},
  // Trigonometric and hyperbolic functions, inside their domains.
  {"sin_cos_tan", R"(func.func @f(%x: tensor<6xf64>) -> tensor<6xf64> {
    %s = dlc.sin %x : tensor<6xf64>
    %c = dlc.cos %x : tensor<6xf64>
    %t = dlc.tan %x : tensor<6xf64>
    %sc = dlc.mul %s, %c : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    %y = dlc.add %sc, %t : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    return %y : tensor<6xf64> })"},
  {"asin_acos_atan", R"(func.func @f(%x: tensor<6xf64>) -> tensor<6xf64> {
    %s = dlc.asin %x : tensor<6xf64>
    %c = dlc.acos %x : tensor<6xf64>
    %t = dlc.atan %x : tensor<6xf64>
    %sc = dlc.mul %s, %c : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    %y = dlc.add %sc, %t : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    return %y : tensor<6xf64> })", -0.9, 0.9},
  {"sinh_cosh_asinh", R"(func.func @f(%x: tensor<6xf64>) -> tensor<6xf64> {
    %s = dlc.sinh %x : tensor<6xf64>
    %c = dlc.cosh %x : tensor<6xf64>
    %a = dlc.asinh %x : tensor<6xf64>
    %sc = dlc.mul %s, %c : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    %y = dlc.add %sc, %a : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    return %y : tensor<6xf64> })", -2.0, 2.0},
  {"acosh", R"(func.func @f(%x: tensor<6xf64>) -> tensor<6xf64> {
    %y = dlc.acosh %x : tensor<6xf64>
    return %y : tensor<6xf64> })", 1.2, 3.0},
  {"atanh", R"(func.func @f(%x: tensor<6xf64>) -> tensor<6xf64> {
    %y = dlc.atanh %x : tensor<6xf64>
    return %y : tensor<6xf64> })", -0.8, 0.8},
  // Round and Sign are flat away from their steps: only %b gets a gradient.
  {"round_sign", R"(func.func @f(%a: tensor<6xf64>, %b: tensor<6xf64>) -> tensor<6xf64> {
    %r = dlc.round %a : tensor<6xf64>
    %s = dlc.sign %a : tensor<6xf64>
    %rs = dlc.add %r, %s : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    %y = dlc.mul %rs, %b : (tensor<6xf64>, tensor<6xf64>) -> tensor<6xf64>
    return %y : tensor<6xf64> })", 0.6, 1.4},
  {"fmod_broadcast", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<3xf64>) -> tensor<2x3xf64> {
    %y = dlc.mod %a, %b {fmod = true} : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })", 1.0, 5.0},
  {"pow_int_exponent", R"(func.func @f(%a: tensor<2x3xf64>, %e: tensor<3xi64>) -> tensor<2x3xf64> {
    %y = dlc.pow %a, %e : (tensor<2x3xf64>, tensor<3xi64>) -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })", 0.5, 2.0, 4},
  // Normalization and dropout.
  {"batch_norm", R"(func.func @f(%x: tensor<2x3x2x2xf64>, %s: tensor<3xf64>, %b: tensor<3xf64>, %m: tensor<3xf64>, %v: tensor<3xf64>) -> tensor<2x3x2x2xf64> {
    %y = dlc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-2 : f32} : (tensor<2x3x2x2xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3x2x2xf64>
    return %y : tensor<2x3x2x2xf64> })", 0.5, 2.0},
  {"batch_norm_training", R"(func.func @f(%x: tensor<3x2x2xf64>, %s: tensor<2xf64>, %b: tensor<2xf64>) -> tensor<3x2x2xf64> {
    %m = dlc.constant dense<[0.5, -1.0]> : tensor<2xf64>
    %v = dlc.constant dense<[1.0, 2.0]> : tensor<2xf64>
    %y, %nm, %nv = dlc.batch_norm_training %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32, unbiased_running_var = true} : (tensor<3x2x2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) -> (tensor<3x2x2xf64>, tensor<2xf64>, tensor<2xf64>)
    return %y : tensor<3x2x2xf64> })"},
  {"batch_norm_training_2d", R"(func.func @f(%x: tensor<5x3xf64>, %s: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<5x3xf64> {
    %m = dlc.constant dense<0.0> : tensor<3xf64>
    %v = dlc.constant dense<1.0> : tensor<3xf64>
    %y, %nm, %nv = dlc.batch_norm_training %x, %s, %b, %m, %v : (tensor<5x3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) -> (tensor<5x3xf64>, tensor<3xf64>, tensor<3xf64>)
    return %y : tensor<5x3xf64> })"},
  {"dropout", R"(func.func @f(%x: tensor<2x5xf64>) -> tensor<2x5xf64> {
    %y = dlc.dropout %x {ratio = 0.3 : f32} : tensor<2x5xf64>
    return %y : tensor<2x5xf64> })"},
  {"dropout_training", R"(func.func @f(%x: tensor<4x6xf64>, %step: tensor<i64>) -> tensor<4x6xf64> {
    %y, %mask = dlc.dropout_training %x, %step {ratio = 0.4 : f32, seed = 11 : i64} : (tensor<4x6xf64>, tensor<i64>) -> (tensor<4x6xf64>, tensor<4x6xi1>)
    return %y : tensor<4x6xf64> })"},
  {"layer_norm", R"(func.func @f(%x: tensor<3x4xf64>, %s: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<3x4xf64> {
    %y, %m, %i = dlc.layer_norm %x, %s, %b {epsilon = 1.0e-2 : f32} : (tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>) -> (tensor<3x4xf64>, tensor<3x1xf64>, tensor<3x1xf64>)
    return %y : tensor<3x4xf64> })"},
  {"layer_norm_statistics", R"(func.func @f(%x: tensor<2x3x4xf64>, %s: tensor<3x1xf64>) -> tensor<2x3x4xf64> {
    %y, %m, %i = dlc.layer_norm %x, %s {axis = -2 : i64, epsilon = 1.0e-2 : f32} : (tensor<2x3x4xf64>, tensor<3x1xf64>) -> (tensor<2x3x4xf64>, tensor<2x1x1xf64>, tensor<2x1x1xf64>)
    %mi = dlc.mul %m, %i : (tensor<2x1x1xf64>, tensor<2x1x1xf64>) -> tensor<2x1x1xf64>
    %z = dlc.add %y, %mi : (tensor<2x3x4xf64>, tensor<2x1x1xf64>) -> tensor<2x3x4xf64>
    return %z : tensor<2x3x4xf64> })"},
  {"group_norm", R"(func.func @f(%x: tensor<2x4x3xf64>, %s: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<2x4x3xf64> {
    %y = dlc.group_norm %x, %s, %b {num_groups = 2 : i64, epsilon = 1.0e-2 : f32} : (tensor<2x4x3xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<2x4x3xf64>
    return %y : tensor<2x4x3xf64> })"},
  {"instance_norm", R"(func.func @f(%x: tensor<2x3x2x2xf64>, %s: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<2x3x2x2xf64> {
    %y = dlc.group_norm %x, %s, %b {num_groups = 3 : i64, epsilon = 1.0e-2 : f32} : (tensor<2x3x2x2xf64>, tensor<3xf64>, tensor<3xf64>) -> tensor<2x3x2x2xf64>
    return %y : tensor<2x3x2x2xf64> })"},
  {"lrn", R"(func.func @f(%x: tensor<1x5x2x2xf64>) -> tensor<1x5x2x2xf64> {
    %y = dlc.lrn %x {size = 4 : i64, alpha = 0.5 : f32, beta = 0.75 : f32, bias = 1.5 : f32} : tensor<1x5x2x2xf64>
    return %y : tensor<1x5x2x2xf64> })"},
  {"mean_variance_norm", R"(func.func @f(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
    %y = dlc.mean_variance_norm %x {axes = array<i64: 0, -1>} : tensor<2x3x4xf64>
    return %y : tensor<2x3x4xf64> })"},
  // Padding: slices of the result's gradient, summed where read twice.
  {"pad_constant_crop", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<4x5xf64> {
    %y = dlc.pad %x {pads = array<i64: 1, -1, 0, 2>, constant_value = 0.5 : f64} : tensor<3x4xf64> -> tensor<4x5xf64>
    return %y : tensor<4x5xf64> })"},
  {"pad_reflect", R"(func.func @f(%x: tensor<3x4xf64>) -> tensor<5x8xf64> {
    %y = dlc.pad %x {pads = array<i64: 2, 1, 0, 3>, mode = "reflect"} : tensor<3x4xf64> -> tensor<5x8xf64>
    return %y : tensor<5x8xf64> })"},
  {"pad_edge", R"(func.func @f(%x: tensor<2x3xf64>) -> tensor<5x5xf64> {
    %y = dlc.pad %x {pads = array<i64: 1, 0, 2, 2>, mode = "edge"} : tensor<2x3xf64> -> tensor<5x5xf64>
    return %y : tensor<5x5xf64> })"},
  {"pad_wrap_crop", R"(func.func @f(%x: tensor<2x4xf64>) -> tensor<4x6xf64> {
    %y = dlc.pad %x {pads = array<i64: 0, 3, 2, -1>, mode = "wrap"} : tensor<2x4xf64> -> tensor<4x6xf64>
    return %y : tensor<4x6xf64> })"},
  // Running sums, triangles, top-k and one-hot.
  {"cum_sum_reverse_exclusive", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.cum_sum %a {axis = 1 : i64, exclusive = true, reverse = true} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"cum_sum", R"(func.func @f(%a: tensor<3x4xf64>) -> tensor<3x4xf64> {
    %y = dlc.cum_sum %a {axis = -2 : i64} : tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"trilu_lower", R"(func.func @f(%a: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
    %y = dlc.trilu %a {k = 1 : i64, upper = false} : tensor<2x3x4xf64>
    return %y : tensor<2x3x4xf64> })"},
  {"top_k", R"(func.func @f(%a: tensor<3x5xf64>) -> tensor<3x2xf64> {
    %v, %i = dlc.top_k %a {axis = 1 : i64, k = 2 : i64} : tensor<3x5xf64> -> (tensor<3x2xf64>, tensor<3x2xi64>)
    return %v : tensor<3x2xf64> })"},
  {"top_k_smallest", R"(func.func @f(%a: tensor<4x3xf64>) -> tensor<3x3xf64> {
    %v, %i = dlc.top_k %a {axis = 0 : i64, k = 3 : i64, largest = false} : tensor<4x3xf64> -> (tensor<3x3xf64>, tensor<3x3xi64>)
    return %v : tensor<3x3xf64> })"},
  {"one_hot_values", R"(func.func @f(%i: tensor<4xi64>, %v: tensor<2xf64>) -> tensor<3x4xf64> {
    %y = dlc.one_hot %i, %v {axis = 0 : i64, depth = 3 : i64} : (tensor<4xi64>, tensor<2xf64>) -> tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  // Concatenation, slices, gathers and scatters.
  {"concat", R"(func.func @f(%a: tensor<2x3xf64>, %b: tensor<2x1xf64>, %c: tensor<2x2xf64>) -> tensor<2x6xf64> {
    %y = dlc.concat %a, %b, %c {axis = -1 : i64} : (tensor<2x3xf64>, tensor<2x1xf64>, tensor<2x2xf64>) -> tensor<2x6xf64>
    return %y : tensor<2x6xf64> })"},
  {"slice_strided_reversed", R"(func.func @f(%x: tensor<3x7xf64>) -> tensor<2x3xf64> {
    %y = dlc.slice %x {sizes = array<i64: 2, 3>, starts = array<i64: 2, 6>, steps = array<i64: -1, -2>} : tensor<3x7xf64> -> tensor<2x3xf64>
    return %y : tensor<2x3xf64> })"},
  {"gather_repeated_negative", R"(func.func @f(%x: tensor<4x3xf64>) -> tensor<2x2x3xf64> {
    %i = dlc.constant dense<[[1, -1], [1, 0]]> : tensor<2x2xi64>
    %y = dlc.gather %x, %i {axis = 0 : i64} : (tensor<4x3xf64>, tensor<2x2xi64>) -> tensor<2x2x3xf64>
    return %y : tensor<2x2x3xf64> })"},
  {"gather_inner_axis", R"(func.func @f(%x: tensor<2x5x2xf64>, %i: tensor<3xi32>) -> tensor<2x3x2xf64> {
    %y = dlc.gather %x, %i {axis = 1 : i64} : (tensor<2x5x2xf64>, tensor<3xi32>) -> tensor<2x3x2xf64>
    return %y : tensor<2x3x2xf64> })", -1.0, 1.0, 5},
  {"gather_elements", R"(func.func @f(%x: tensor<3x4xf64>, %i: tensor<3x2xi64>) -> tensor<3x2xf64> {
    %y = dlc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf64>, tensor<3x2xi64>) -> tensor<3x2xf64>
    return %y : tensor<3x2xf64> })", -1.0, 1.0, 4},
  {"gather_elements_smaller", R"(func.func @f(%x: tensor<4x3xf64>) -> tensor<2x2xf64> {
    %i = dlc.constant dense<[[3, 0], [3, -4]]> : tensor<2x2xi64>
    %y = dlc.gather_elements %x, %i {axis = 0 : i64} : (tensor<4x3xf64>, tensor<2x2xi64>) -> tensor<2x2xf64>
    return %y : tensor<2x2xf64> })"},
  {"gather_nd_batch", R"(func.func @f(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
    %i = dlc.constant dense<[[[1], [-1], [1]], [[0], [2], [0]]]> : tensor<2x3x1xi64>
    %y = dlc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf64>, tensor<2x3x1xi64>) -> tensor<2x3x4xf64>
    return %y : tensor<2x3x4xf64> })"},
  {"scatter_elements_none", R"(func.func @f(%x: tensor<3x4xf64>, %u: tensor<3x2xf64>) -> tensor<3x4xf64> {
    %i = dlc.constant dense<[[0, 3], [-1, 1], [2, 0]]> : tensor<3x2xi64>
    %y = dlc.scatter_elements %x, %i, %u {axis = 1 : i64} : (tensor<3x4xf64>, tensor<3x2xi64>, tensor<3x2xf64>) -> tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  {"scatter_elements_add_repeated", R"(func.func @f(%x: tensor<4x3xf64>, %u: tensor<2x3xf64>) -> tensor<4x3xf64> {
    %i = dlc.constant dense<[[1, 1, 3], [1, 0, -1]]> : tensor<2x3xi64>
    %y = dlc.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<4x3xf64>, tensor<2x3xi64>, tensor<2x3xf64>) -> tensor<4x3xf64>
    return %y : tensor<4x3xf64> })"},
  {"scatter_nd_none", R"(func.func @f(%x: tensor<4x3xf64>, %u: tensor<2x3xf64>) -> tensor<4x3xf64> {
    %i = dlc.constant dense<[[1], [-1]]> : tensor<2x1xi64>
    %y = dlc.scatter_nd %x, %i, %u : (tensor<4x3xf64>, tensor<2x1xi64>, tensor<2x3xf64>) -> tensor<4x3xf64>
    return %y : tensor<4x3xf64> })"},
  {"scatter_nd_add_repeated", R"(func.func @f(%x: tensor<3x4xf64>, %u: tensor<3xf64>) -> tensor<3x4xf64> {
    %i = dlc.constant dense<[[0, 1], [2, 3], [0, 1]]> : tensor<3x2xi64>
    %y = dlc.scatter_nd %x, %i, %u {reduction = "add"} : (tensor<3x4xf64>, tensor<3x2xi64>, tensor<3xf64>) -> tensor<3x4xf64>
    return %y : tensor<3x4xf64> })"},
  // Einsum, through its decomposition.
  {"einsum_batch_matmul_broadcast", R"(func.func @f(%a: tensor<2x3x4xf64>, %b: tensor<1x4x2xf64>) -> tensor<3x2x2xf64> {
    %y = dlc.einsum %a, %b {equation = "bij,bjk->ibk"} : (tensor<2x3x4xf64>, tensor<1x4x2xf64>) -> tensor<3x2x2xf64>
    return %y : tensor<3x2x2xf64> })"},
  {"einsum_diagonal_implicit", R"(func.func @f(%a: tensor<2x3x3xf64>, %b: tensor<3x2xf64>) -> tensor<2x2xf64> {
    %y = dlc.einsum %a, %b {equation = "...ii,ik"} : (tensor<2x3x3xf64>, tensor<3x2xf64>) -> tensor<2x2xf64>
    return %y : tensor<2x2xf64> })"},
  // Pooling.
  {"max_pool", R"(func.func @f(%x: tensor<1x2x4x4xf64>) -> tensor<1x2x2x2xf64> {
    %y = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf64> -> tensor<1x2x2x2xf64>
    return %y : tensor<1x2x2x2xf64> })"},
  {"max_pool_overlapping_padded", R"(func.func @f(%x: tensor<1x1x5x5xf64>) -> tensor<1x1x3x3xf64> {
    %y = dlc.max_pool %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x5x5xf64> -> tensor<1x1x3x3xf64>
    return %y : tensor<1x1x3x3xf64> })"},
  // Lp pooling differentiates through its decomposition (powers, a
  // depthwise convolution of ones, a root); inputs away from 0, where
  // |x| has no derivative.
  {"lp_pool_2_ceil", R"(func.func @f(%x: tensor<1x2x5x4xf64>) -> tensor<1x2x3x2xf64> {
    %y = dlc.lp_pool %x {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x5x4xf64> -> tensor<1x2x3x2xf64>
    return %y : tensor<1x2x3x2xf64> })", 0.5, 2.0},
  {"lp_pool_3_dilated", R"(func.func @f(%x: tensor<1x1x5x5xf64>) -> tensor<1x1x4x2xf64> {
    %y = dlc.lp_pool %x {dilations = array<i64: 2, 1>, kernel_shape = array<i64: 2, 2>, p = 3 : i64, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 1, 2>} : tensor<1x1x5x5xf64> -> tensor<1x1x4x2xf64>
    return %y : tensor<1x1x4x2xf64> })", 0.5, 2.0},
  // GridSample differentiates through its decomposition: the image through
  // the gathers of its taps, the grid through the interpolation weights
  // (nearest has none: its grid takes no gradient).
  {"grid_sample_bilinear_zeros", R"(func.func @f(%x: tensor<1x2x3x4xf64>, %g: tensor<1x2x3x2xf64>) -> tensor<1x2x2x3xf64> {
    %y = dlc.grid_sample %x, %g : (tensor<1x2x3x4xf64>, tensor<1x2x3x2xf64>) -> tensor<1x2x2x3xf64>
    return %y : tensor<1x2x2x3xf64> })", -1.2, 1.2},
  {"grid_sample_bicubic_reflection", R"(func.func @f(%x: tensor<1x1x4x3xf64>, %g: tensor<1x2x2x2xf64>) -> tensor<1x1x2x2xf64> {
    %y = dlc.grid_sample %x, %g {align_corners = true, mode = "bicubic", padding_mode = "reflection"} : (tensor<1x1x4x3xf64>, tensor<1x2x2x2xf64>) -> tensor<1x1x2x2xf64>
    return %y : tensor<1x1x2x2xf64> })", -1.4, 1.4},
  {"grid_sample_nearest_border", R"(func.func @f(%x: tensor<2x1x3x3xf64>) -> tensor<2x1x2x2xf64> {
    %g = dlc.constant dense<[[[[-1.3, 0.2], [0.4, -0.6]], [[0.9, 1.2], [-0.1, 0.7]]], [[[0.35, -0.8], [-1.1, 1.4]], [[0.6, 0.05], [-0.45, -0.2]]]]> : tensor<2x2x2x2xf64>
    %y = dlc.grid_sample %x, %g {mode = "nearest", padding_mode = "border"} : (tensor<2x1x3x3xf64>, tensor<2x2x2x2xf64>) -> tensor<2x1x2x2xf64>
    return %y : tensor<2x1x2x2xf64> })"},
  {"average_pool", R"(func.func @f(%x: tensor<1x2x5x5xf64>) -> tensor<1x2x3x3xf64> {
    %y = dlc.average_pool %x {count_include_pad = false, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x5x5xf64> -> tensor<1x2x3x3xf64>
    return %y : tensor<1x2x3x3xf64> })"},
  {"average_pool_include_pad", R"(func.func @f(%x: tensor<1x1x4x4xf64>) -> tensor<1x1x3x3xf64> {
    %y = dlc.average_pool %x {count_include_pad = true, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x4x4xf64> -> tensor<1x1x3x3xf64>
    return %y : tensor<1x1x3x3xf64> })"},
  {"global_average_pool", R"(func.func @f(%x: tensor<2x3x3x2xf64>) -> tensor<2x3x1x1xf64> {
    %y = dlc.global_average_pool %x : tensor<2x3x3x2xf64> -> tensor<2x3x1x1xf64>
    return %y : tensor<2x3x1x1xf64> })"},
  // Losses.
  {"cross_entropy_mean", R"(func.func @f(%x: tensor<4x5xf64>, %t: tensor<4xi64>) -> tensor<f64> {
    %p = dlc.log_softmax %x {axis = 1 : i64} : tensor<4x5xf64>
    %l = dlc.nll_loss %p, %t {reduction = "mean"} : (tensor<4x5xf64>, tensor<4xi64>) -> tensor<f64>
    return %l : tensor<f64> })", -2.0, 2.0, 5},
  {"nll_weighted_ignore", R"(func.func @f(%x: tensor<3x4x2xf64>, %t: tensor<3x2xi64>) -> tensor<f64> {
    %w = dlc.constant dense<[0.5, 1.0, 2.0, 3.0]> : tensor<4xf64>
    %l = dlc.nll_loss %x, %t, %w {ignore_index = 1 : i64, reduction = "mean"} : (tensor<3x4x2xf64>, tensor<3x2xi64>, tensor<4xf64>) -> tensor<f64>
    return %l : tensor<f64> })", 0.5, 2.0, 4},
  {"nll_none", R"(func.func @f(%x: tensor<3x4xf64>, %t: tensor<3xi32>) -> tensor<3xf64> {
    %l = dlc.nll_loss %x, %t {reduction = "none"} : (tensor<3x4xf64>, tensor<3xi32>) -> tensor<3xf64>
    return %l : tensor<3xf64> })", -1.0, 1.0, 4},
};
// clang-format on

class GradientCheck : public ::testing::TestWithParam<GradientCase> {};

// sum(f(args) * R) as @f's only result, marked dlc.loss, with every float
// argument marked dlc.wrt.
void buildLoss(func::FuncOp f, std::mt19937_64 &rng) {
  auto ret = cast<func::ReturnOp>(f.getBody().front().getTerminator());
  OpBuilder b(ret);
  Location loc = f.getLoc();
  Value y = ret.getOperand(0);
  auto type = cast<RankedTensorType>(y.getType());
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  SmallVector<double> weights(type.getNumElements());
  for (double &w : weights)
    w = uniform(rng);
  Value r = b.create<graph::ConstantOp>(
      loc, DenseElementsAttr::get(type, ArrayRef<double>(weights)));
  Value weighted = b.create<graph::MulOp>(loc, y, r);
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  Value loss = axes.empty() ? weighted
                            : b.create<graph::ReduceSumOp>(loc, weighted,
                                                           b.getDenseI64ArrayAttr(axes),
                                                           b.getBoolAttr(false))
                                  .getResult();
  b.create<func::ReturnOp>(loc, loss);
  ret.erase();
  f.setType(FunctionType::get(f.getContext(), f.getArgumentTypes(), {loss.getType()}));
  f.setResultAttr(0, attr::kLoss, b.getUnitAttr());
  for (BlockArgument arg : f.getArguments()) {
    if (isa<FloatType>(cast<RankedTensorType>(arg.getType()).getElementType()))
      f.setArgAttr(arg.getArgNumber(), attr::kWrt, b.getUnitAttr());
    f.setArgAttr(arg.getArgNumber(), attr::kName,
                 b.getStringAttr("x" + std::to_string(arg.getArgNumber())));
  }
}

HostTensor randomInput(RankedTensorType type, const GradientCase &c, std::mt19937_64 &rng) {
  HostTensor t;
  t.dims.assign(type.getShape().begin(), type.getShape().end());
  int64_t n = type.getNumElements();
  Type element = type.getElementType();
  if (element.isF64()) {
    t.dtype = DLC_DTYPE_F64;
    t.bytes.resize(n * sizeof(double));
    std::uniform_real_distribution<double> uniform(c.lo, c.hi);
    for (int64_t i = 0; i < n; ++i)
      t.data<double>()[i] = uniform(rng);
  } else if (element.isInteger(64) || element.isInteger(32)) {
    std::uniform_int_distribution<int64_t> uniform(0, c.classes - 1);
    if (element.isInteger(64)) {
      t.dtype = DLC_DTYPE_I64;
      t.bytes.resize(n * sizeof(int64_t));
      for (int64_t i = 0; i < n; ++i)
        t.data<int64_t>()[i] = uniform(rng);
    } else {
      t.dtype = DLC_DTYPE_I32;
      t.bytes.resize(n * sizeof(int32_t));
      for (int64_t i = 0; i < n; ++i)
        t.data<int32_t>()[i] = static_cast<int32_t>(uniform(rng));
    }
  } else {
    ADD_FAILURE() << "rows use f64, i32 and i64 arguments only, found ";
  }
  return t;
}

TEST_P(GradientCheck, MatchesFiniteDifferences) {
  const GradientCase &c = GetParam();
  std::unique_ptr<MLIRContext> context = createCompilerContext();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(c.source, context.get());
  ASSERT_TRUE(module) << "the row's source does not parse";
  auto f = module->lookupSymbol<func::FuncOp>("f");
  ASSERT_TRUE(f);
  std::mt19937_64 rng(llvm::hash_value(llvm::StringRef(c.name)));
  buildLoss(f, rng);
  SmallVector<RankedTensorType> argTypes = llvm::map_to_vector(
      f.getArgumentTypes(), [](Type t) { return cast<RankedTensorType>(t); });

  PassManager pm(context.get());
  pm.addPass(createDlcAutodiff());
  ASSERT_TRUE(succeeded(pm.run(*module))) << "autodiff failed";
  f->setAttr(attr::kEntry, StringAttr::get(context.get(), "run"));
  // Which argument each extra result is the gradient of.
  SmallVector<int64_t> gradientOf;
  for (unsigned i = 1, e = f.getNumResults(); i < e; ++i) {
    auto arg = f.getResultAttrOfType<IntegerAttr>(i, attr::kGradientOfArg);
    ASSERT_TRUE(arg) << "result " << i << " is not an argument's gradient";
    gradientOf.push_back(arg.getInt());
    f.setResultAttr(i, attr::kName,
                    StringAttr::get(context.get(), "grad" + std::to_string(arg.getInt())));
  }
  size_t numFloatArgs = llvm::count_if(
      argTypes, [](RankedTensorType t) { return t.getElementType().isF64(); });
  ASSERT_EQ(gradientOf.size(), numFloatArgs) << "a float argument got no gradient";

  CompiledModule compiled;
  std::string error;
  ASSERT_TRUE(compiled.compile(*module, error)) << error;

  std::vector<HostTensor> inputs;
  for (RankedTensorType type : argTypes)
    inputs.push_back(randomInput(type, c, rng));
  std::vector<HostTensor> outputs;
  ASSERT_TRUE(compiled.run("run", inputs, outputs, error)) << error;

  auto lossAt = [&](std::vector<HostTensor> &args) {
    std::vector<HostTensor> out;
    EXPECT_TRUE(compiled.run("run", args, out, error)) << error;
    return out.empty() ? NAN : out[0].data<double>()[0];
  };
  const double h = 1e-6;
  for (auto [k, arg] : llvm::enumerate(gradientOf)) {
    const HostTensor &gradient = outputs[k + 1];
    ASSERT_EQ(gradient.dims, inputs[arg].dims);
    for (int64_t i = 0; i < inputs[arg].numElements(); ++i) {
      double &x = inputs[arg].data<double>()[i];
      double saved = x;
      x = saved + h;
      double plus = lossAt(inputs);
      x = saved - h;
      double minus = lossAt(inputs);
      x = saved;
      double numeric = (plus - minus) / (2 * h);
      double analytic = gradient.data<double>()[i];
      EXPECT_NEAR(analytic, numeric, 1e-6 + 1e-5 * std::abs(numeric))
          << c.name << ": d loss / d x" << arg << "[" << i << "]";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, GradientCheck, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<GradientCase> &info) {
                           return std::string(info.param.name);
                         });
} // namespace
