//===- RandomUniformTest.cpp - dlc.random_uniform, compiled, vs its spec --===//
//
// The compiled op must compute exactly RandomUniformOp::sample (the spec every
// backend follows), look uniform, and draw other numbers for another counter.
//
//===----------------------------------------------------------------------===//
#include "CompiledModule.h"

#include "compiler/driver/Compiler.h"
#include "dialects/graph/DlcDialect.h"

#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace dlc;
using namespace dlc::test;

namespace {
constexpr const char *kSource = R"(
func.func @run(%c: tensor<i64> {dlc.name = "counter"}) -> (tensor<40x50xf32> {dlc.name = "u"})
    attributes {dlc.entry = "run"} {
  %u = dlc.random_uniform %c {dtype = f32, seed = 7 : i64, shape = array<i64: 40, 50>}
      : (tensor<i64>) -> tensor<40x50xf32>
  return %u : tensor<40x50xf32>
})";

HostTensor counter(int64_t value) {
  HostTensor t;
  t.dtype = DLC_DTYPE_I64;
  t.bytes.resize(sizeof(int64_t));
  *t.data<int64_t>() = value;
  return t;
}

TEST(RandomUniform, CompiledMatchesSpec) {
  std::unique_ptr<MLIRContext> context = createCompilerContext();
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(kSource, context.get());
  ASSERT_TRUE(module);
  CompiledModule compiled;
  std::string error;
  ASSERT_TRUE(compiled.compile(*module, error)) << error;

  std::vector<HostTensor> first, second;
  ASSERT_TRUE(compiled.run("run", {counter(3)}, first, error)) << error;
  ASSERT_TRUE(compiled.run("run", {counter(4)}, second, error)) << error;
  const float *u = first[0].data<float>();
  const float *v = second[0].data<float>();
  int64_t n = first[0].numElements();
  double sum = 0;
  int64_t same = 0;
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_EQ(u[i], static_cast<float>(graph::RandomUniformOp::sample(7, 3, i))) << i;
    ASSERT_GE(u[i], 0.0f);
    ASSERT_LT(u[i], 1.0f);
    sum += u[i];
    same += u[i] == v[i];
  }
  // 2000 draws: the mean of U(0, 1) is 0.5 with a standard error of 0.0065.
  EXPECT_NEAR(sum / n, 0.5, 0.03);
  EXPECT_LT(same, 5) << "another counter must draw other numbers";
}
} // namespace
