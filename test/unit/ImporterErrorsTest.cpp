//===- ImporterErrorsTest.cpp - what the importer says about bad models ---===//
#include "compiler/driver/Compiler.h"
#include "compiler/import/OnnxImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using namespace dlc;

namespace {
// Builds small models in memory, writes them to a temporary file and
// collects the importer's diagnostics as printed lines.
class ImporterErrorsTest : public ::testing::Test {
protected:
  void SetUp() override {
    model.set_ir_version(7);
    auto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(13);
    model.mutable_graph()->set_name("g");
    path = ::testing::TempDir() + "importer_errors_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".onnx";
  }
  void TearDown() override { std::remove(path.c_str()); }

  void addInput(const std::string &name, std::vector<int64_t> dims,
                int type = onnx::TensorProto::FLOAT) {
    describe(model.mutable_graph()->add_input(), name, dims, type);
  }
  void addOutput(const std::string &name, std::vector<int64_t> dims,
                 int type = onnx::TensorProto::FLOAT) {
    describe(model.mutable_graph()->add_output(), name, dims, type);
  }
  onnx::NodeProto *addNode(const std::string &opType, std::vector<std::string> inputs,
                           std::vector<std::string> outputs, const std::string &name = "") {
    onnx::NodeProto *node = model.mutable_graph()->add_node();
    node->set_op_type(opType);
    node->set_name(name);
    for (const auto &input : inputs)
      node->add_input(input);
    for (const auto &output : outputs)
      node->add_output(output);
    return node;
  }

  // The first error line, or "" if the import succeeded.
  std::string importError(const ImportOptions &options = {}) {
    std::ofstream(path, std::ios::binary) << model.SerializeAsString();
    std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
    std::string first;
    mlir::ScopedDiagnosticHandler handler(context.get(), [&](mlir::Diagnostic &diag) {
      if (first.empty() && diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
        std::string where;
        llvm::raw_string_ostream os(where);
        os << diag.getLocation();
        first = where + ": " + diag.str();
      }
      return mlir::success();
    });
    mlir::OwningOpRef<mlir::ModuleOp> module = importOnnxModel(*context, path, options);
    EXPECT_EQ(!module, !first.empty()) << "a failed import must say why";
    imported.clear();
    if (module) {
      // Generic form: the custom one leaves out attributes at their default.
      llvm::raw_string_ostream os(imported);
      module->print(os, mlir::OpPrintingFlags().printGenericOpForm());
    }
    return first;
  }

  // A node at opset 20, where dlc's own checks stand alone (libonnx 1.12
  // knows opsets up to 17), on a [2] float input.
  onnx::NodeProto *addOpset20Node(const std::string &opType) {
    model.set_ir_version(10);
    model.mutable_opset_import(0)->set_version(20);
    addInput("x", {2});
    addOutput("y", {2});
    return addNode(opType, {"x"}, {"y"}, "n");
  }
  static void setAttr(onnx::NodeProto *node, const std::string &name, float value) {
    onnx::AttributeProto *attr = node->add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::FLOAT);
    attr->set_f(value);
  }
  static void setAttr(onnx::NodeProto *node, const std::string &name, int64_t value) {
    onnx::AttributeProto *attr = node->add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::INT);
    attr->set_i(value);
  }

  onnx::ModelProto model;
  std::string path;
  // The imported module in generic form, after an import that succeeded.
  std::string imported;

private:
  static void describe(onnx::ValueInfoProto *info, const std::string &name,
                       const std::vector<int64_t> &dims, int type) {
    info->set_name(name);
    auto *tensor = info->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(type);
    auto *shape = tensor->mutable_shape();
    for (int64_t dim : dims) {
      if (dim < 0)
        shape->add_dim()->set_dim_param("N");
      else
        shape->add_dim()->set_dim_value(dim);
    }
  }
};

TEST_F(ImporterErrorsTest, AcceptsAValidModel) {
  addInput("x", {2, 3});
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y", {2, 3});
  EXPECT_EQ(importError(), "");
}

TEST_F(ImporterErrorsTest, NamesTheUnsupportedNodeAndOpType) {
  addInput("x", {2});
  addNode("LpNormalization", {"x"}, {"y"}, "my_lp_norm");
  addOutput("y", {2});
  EXPECT_EQ(importError(),
            "loc(\"my_lp_norm\"(\"LpNormalization\")): unsupported op type LpNormalization");
}

TEST_F(ImporterErrorsTest, UnnamedNodesAreCalledByTypeAndIndex) {
  addInput("x", {2});
  addNode("Relu", {"x"}, {"r"});
  addNode("LpNormalization", {"r"}, {"y"});
  addOutput("y", {2});
  EXPECT_EQ(importError(),
            "loc(\"LpNormalization#1\"(\"LpNormalization\")): unsupported op type LpNormalization");
}

TEST_F(ImporterErrorsTest, RejectsUnknownAttributes) {
  addInput("x", {2});
  onnx::NodeProto *node = addNode("Relu", {"x"}, {"y"}, "relu");
  node->add_attribute()->set_name("alpha");
  node->mutable_attribute(0)->set_type(onnx::AttributeProto::FLOAT);
  addOutput("y", {2});
  EXPECT_EQ(importError(), "loc(\"relu\"(\"Relu\")): invalid ONNX model: Unrecognized "
                           "attribute: alpha for operator Relu");
}

TEST_F(ImporterErrorsTest, AsksForShapeOfSymbolicInputs) {
  addInput("x", {-1, 3});
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y", {-1, 3});
  EXPECT_EQ(importError(), "loc(\"g\"): graph input 'x' has symbolic dims Nx3; bind them "
                           "with --shape x=AxBx...");
  ImportOptions options;
  options.shapes["x"] = {5, 3};
  EXPECT_EQ(importError(options), "");
}

TEST_F(ImporterErrorsTest, NamesUnsupportedInputTypes) {
  addInput("s", {2}, onnx::TensorProto::COMPLEX64);
  addNode("Identity", {"s"}, {"y"}, "id");
  addOutput("y", {2}, onnx::TensorProto::COMPLEX64);
  EXPECT_EQ(importError(),
            "loc(\"g\"): graph input 's' has element type COMPLEX64, which dlc does not support");
}

TEST_F(ImporterErrorsTest, ShapeForAnUnknownInputIsAnError) {
  addInput("x", {2});
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y", {2});
  ImportOptions options;
  options.shapes["z"] = {2};
  EXPECT_NE(importError(options).find("--shape names 'z', which is not a graph input"),
            std::string::npos);
}

TEST_F(ImporterErrorsTest, ReportsOnnxShapeInferenceFailures) {
  addInput("x", {2, 3});
  addInput("y", {4});
  addNode("Add", {"x", "y"}, {"z"}, "add");
  addOutput("z", {2, 3});
  EXPECT_NE(importError().find("ONNX shape inference failed"), std::string::npos);
}

TEST_F(ImporterErrorsTest, RejectsOpsetsNewerThanSupported) {
  model.mutable_opset_import(0)->set_version(99);
  addInput("x", {2});
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y", {2});
  EXPECT_NE(importError().find("opset 99 is newer than dlc supports (up to 21)"),
            std::string::npos);
}

TEST_F(ImporterErrorsTest, ImportsIrVersion10AtEveryOpsetFrom7To21) {
  model.set_ir_version(10);
  addInput("x", {2});
  addNode("Relu", {"x"}, {"y"}, "relu");
  addOutput("y", {2});
  for (int64_t opset = 7; opset <= 21; ++opset) {
    model.mutable_opset_import(0)->set_version(opset);
    EXPECT_EQ(importError(), "") << "opset " << opset;
  }
}

TEST_F(ImporterErrorsTest, NewOpsetsGetDlcsOwnChecks) {
  model.set_ir_version(10);
  model.mutable_opset_import(0)->set_version(20);
  addInput("x", {2, 3});
  addInput("y", {4});
  addNode("Add", {"x", "y"}, {"z"}, "add");
  addOutput("z", {2, 3});
  EXPECT_EQ(importError(), "loc(\"add\"(\"Add\")): operands of shapes 2x3 and 4 do not "
                           "broadcast (dim 1: 3 vs 4)");
}

TEST_F(ImporterErrorsTest, RejectsForeignDomains) {
  addInput("x", {2});
  onnx::NodeProto *node = addNode("Relu", {"x"}, {"y"}, "relu");
  node->set_domain("com.example");
  auto *opset = model.add_opset_import();
  opset->set_domain("com.example");
  opset->set_version(1);
  addOutput("y", {2});
  EXPECT_NE(importError().find("unsupported opset domain 'com.example'"), std::string::npos);
}

TEST_F(ImporterErrorsTest, RejectsAFileThatIsNotAModel) {
  std::ofstream(path, std::ios::binary) << "definitely not protobuf \x01\x02\xff";
  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  std::string message;
  mlir::ScopedDiagnosticHandler handler(context.get(), [&](mlir::Diagnostic &diag) {
    message = diag.str();
    return mlir::success();
  });
  EXPECT_FALSE(importOnnxModel(*context, path, {}));
  EXPECT_NE(message.find("is not a valid ONNX model"), std::string::npos) << message;
}

TEST_F(ImporterErrorsTest, ReportsAMissingFile) {
  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  std::string message;
  mlir::ScopedDiagnosticHandler handler(context.get(), [&](mlir::Diagnostic &diag) {
    message = diag.str();
    return mlir::success();
  });
  EXPECT_FALSE(importOnnxModel(*context, path + ".missing", {}));
  EXPECT_NE(message.find("cannot open"), std::string::npos) << message;
}

TEST_F(ImporterErrorsTest, InitializersInGraphInputsAreWeights) {
  addInput("x", {2});
  addInput("w", {2});
  onnx::TensorProto *w = model.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(2);
  w->add_float_data(1);
  w->add_float_data(2);
  addNode("Add", {"x", "w"}, {"y"}, "add");
  addOutput("y", {2});
  EXPECT_EQ(importError(), "");
  std::optional<std::vector<GraphInputInfo>> inputs = listGraphInputs(path);
  ASSERT_TRUE(inputs);
  ASSERT_EQ(inputs->size(), 1u);
  EXPECT_EQ((*inputs)[0].name, "x");
}

TEST_F(ImporterErrorsTest, InitializerWithTooLittleDataIsAnError) {
  addInput("x", {2});
  onnx::TensorProto *w = model.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(2);
  w->add_float_data(1);
  addNode("Add", {"x", "w"}, {"y"}, "add");
  addOutput("y", {2});
  EXPECT_EQ(importError(), "loc(\"add\"(\"Add\")): initializer 'w': tensor 'w' holds 4 "
                          "bytes of data but its type needs 8");
}

// Attributes map onto the op's ODS arguments by name: ODS holds the one
// default, type and list of names.
TEST_F(ImporterErrorsTest, OmittedAttributesTakeTheOpsOdsDefault) {
  addOpset20Node("LeakyRelu");
  EXPECT_EQ(importError(), "");
  EXPECT_NE(imported.find("\"dlc.leaky_relu\"(%arg0) {alpha = 0.00999999977 : f32}"),
            std::string::npos)
      << imported;
}

TEST_F(ImporterErrorsTest, GivenAttributesMapByName) {
  setAttr(addOpset20Node("HardSigmoid"), "beta", 0.25f);
  EXPECT_EQ(importError(), "");
  EXPECT_NE(imported.find("{alpha = 2.000000e-01 : f32, beta = 2.500000e-01 : f32}"),
            std::string::npos)
      << imported;
}

TEST_F(ImporterErrorsTest, AttributesTheOpDoesNotDeclareAreRejected) {
  setAttr(addOpset20Node("LeakyRelu"), "beta", 0.5f);
  EXPECT_EQ(importError(), "loc(\"n\"(\"LeakyRelu\")): unsupported attribute 'beta'");
}

TEST_F(ImporterErrorsTest, AttributesOfTheWrongOnnxTypeAreRejected) {
  setAttr(addOpset20Node("LeakyRelu"), "alpha", int64_t(1));
  EXPECT_EQ(importError(),
            "loc(\"n\"(\"LeakyRelu\")): attribute 'alpha' must be FLOAT, found INT");
}

TEST_F(ImporterErrorsTest, FlagAttributesMustBeZeroOrOne) {
  setAttr(addOpset20Node("IsInf"), "detect_negative", int64_t(2));
  EXPECT_EQ(importError(),
            "loc(\"n\"(\"IsInf\")): attribute 'detect_negative' must be 0 or 1, found 2");
}

TEST_F(ImporterErrorsTest, RequiredAttributesAreCheckedBeforeInference) {
  addOpset20Node("Concat");
  EXPECT_EQ(importError(),
            "loc(\"n\"(\"Concat\")): 'dlc.concat' op requires attribute 'axis'");
}

TEST_F(ImporterErrorsTest, AttributesAnImporterComputesCannotBeSet) {
  onnx::NodeProto *node = addOpset20Node("TopK");
  node->add_input("k");
  addInput("k", {1}, onnx::TensorProto::INT64);
  setAttr(node, "k", int64_t(1));
  EXPECT_EQ(importError(), "loc(\"n\"(\"TopK\")): unsupported attribute 'k'");
}
} // namespace
