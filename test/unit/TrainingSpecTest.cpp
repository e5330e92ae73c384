//===- TrainingSpecTest.cpp - --optimizer and --loss parsing --------------===//
#include "passes/training/TrainingSpec.h"

#include <gtest/gtest.h>

using namespace dlc;

namespace {
OptimizerSpec parse(const std::string &text) {
  OptimizerSpec spec;
  std::string error;
  EXPECT_TRUE(parseOptimizerSpec(text, spec, error)) << text << ": " << error;
  return spec;
}

std::string parseError(const std::string &text) {
  OptimizerSpec spec;
  spec.lr = 123;
  std::string error;
  EXPECT_FALSE(parseOptimizerSpec(text, spec, error)) << text;
  EXPECT_EQ(spec.lr, 123) << "the spec changed on failure: " << text;
  return error;
}
} // namespace

TEST(TrainingSpec, PyTorchDefaults) {
  OptimizerSpec sgd = parse("sgd");
  EXPECT_EQ(sgd.kind, OptimizerKind::SGD);
  EXPECT_EQ(sgd.lr, 1e-3);
  EXPECT_EQ(sgd.momentum, 0);
  EXPECT_EQ(sgd.dampening, 0);
  EXPECT_EQ(sgd.weightDecay, 0);
  EXPECT_FALSE(sgd.nesterov);

  OptimizerSpec adam = parse("adam");
  EXPECT_EQ(adam.kind, OptimizerKind::Adam);
  EXPECT_EQ(adam.lr, 1e-3);
  EXPECT_EQ(adam.beta1, 0.9);
  EXPECT_EQ(adam.beta2, 0.999);
  EXPECT_EQ(adam.eps, 1e-8);
  EXPECT_EQ(adam.weightDecay, 0);

  OptimizerSpec adamw = parse("adamw:");
  EXPECT_EQ(adamw.kind, OptimizerKind::AdamW);
  EXPECT_EQ(adamw.weightDecay, 0.01);

  OptimizerSpec rmsprop = parse("rmsprop");
  EXPECT_EQ(rmsprop.kind, OptimizerKind::RMSProp);
  EXPECT_EQ(rmsprop.lr, 1e-2);
  EXPECT_EQ(rmsprop.alpha, 0.99);
  EXPECT_EQ(rmsprop.eps, 1e-8);
  EXPECT_FALSE(rmsprop.centered);

  OptimizerSpec adagrad = parse("adagrad");
  EXPECT_EQ(adagrad.kind, OptimizerKind::Adagrad);
  EXPECT_EQ(adagrad.lr, 1e-2);
  EXPECT_EQ(adagrad.eps, 1e-10);
  EXPECT_EQ(adagrad.lrDecay, 0);
  EXPECT_EQ(adagrad.initialAccumulator, 0);
}

TEST(TrainingSpec, EveryKey) {
  OptimizerSpec sgd =
      parse("sgd:lr=0.1,momentum=0.9,dampening=0,weight_decay=5e-4,nesterov=true");
  EXPECT_EQ(sgd.lr, 0.1);
  EXPECT_EQ(sgd.momentum, 0.9);
  EXPECT_EQ(sgd.weightDecay, 5e-4);
  EXPECT_TRUE(sgd.nesterov);

  OptimizerSpec adam = parse("Adam:lr=3e-4,betas=0.8/0.99,eps=1e-6,weight_decay=0.1");
  EXPECT_EQ(adam.kind, OptimizerKind::Adam);
  EXPECT_EQ(adam.lr, 3e-4);
  EXPECT_EQ(adam.beta1, 0.8);
  EXPECT_EQ(adam.beta2, 0.99);
  EXPECT_EQ(adam.eps, 1e-6);
  EXPECT_EQ(adam.weightDecay, 0.1);

  OptimizerSpec adamw = parse("adamw:beta1=0.5,beta2=0.9, weight_decay = 0");
  EXPECT_EQ(adamw.beta1, 0.5);
  EXPECT_EQ(adamw.beta2, 0.9);
  EXPECT_EQ(adamw.weightDecay, 0);

  OptimizerSpec rmsprop =
      parse("rmsprop:lr=0.001,alpha=0.9,eps=1e-5,weight_decay=1,momentum=0.5,centered=1");
  EXPECT_EQ(rmsprop.alpha, 0.9);
  EXPECT_EQ(rmsprop.momentum, 0.5);
  EXPECT_TRUE(rmsprop.centered);

  OptimizerSpec adagrad =
      parse("adagrad:lr=0.5,lr_decay=0.01,weight_decay=0,initial_accumulator_value=0.1,eps=1e-9");
  EXPECT_EQ(adagrad.lrDecay, 0.01);
  EXPECT_EQ(adagrad.initialAccumulator, 0.1);
  EXPECT_EQ(adagrad.eps, 1e-9);
}

TEST(TrainingSpec, Errors) {
  EXPECT_EQ(parseError("lbfgs:lr=1"),
            "unknown optimizer 'lbfgs' (optimizers: sgd, adam, adamw, rmsprop, adagrad)");
  EXPECT_EQ(parseError("adam:momentum=0.9"),
            "optimizer 'adam' has no key 'momentum' (keys: lr, betas, beta1, beta2, eps, "
            "weight_decay)");
  EXPECT_EQ(parseError("sgd:betas=0.9/0.99"),
            "optimizer 'sgd' has no key 'betas' (keys: lr, momentum, dampening, weight_decay, "
            "nesterov)");
  EXPECT_EQ(parseError("rmsprop:nesterov=1"),
            "optimizer 'rmsprop' has no key 'nesterov' (keys: lr, alpha, eps, weight_decay, "
            "momentum, centered)");
  EXPECT_EQ(parseError("sgd:lr"), "optimizer 'sgd': key 'lr' has no value (expected lr=VALUE)");
  EXPECT_EQ(parseError("sgd:lr="), "optimizer 'sgd': lr has an empty value");
  EXPECT_EQ(parseError("sgd:lr=fast"), "optimizer 'sgd': lr 'fast' is not a number");
  EXPECT_EQ(parseError("sgd:lr=0.1x"), "optimizer 'sgd': lr '0.1x' is not a number");
  EXPECT_EQ(parseError("sgd:lr=inf"), "optimizer 'sgd': lr must be a finite number, got 'inf'");
  EXPECT_EQ(parseError("sgd:lr=nan"), "optimizer 'sgd': lr must be a finite number, got 'nan'");
  EXPECT_EQ(parseError("sgd:lr=0"), "optimizer 'sgd': lr must be > 0, got 0");
  EXPECT_EQ(parseError("sgd:lr=-1"), "optimizer 'sgd': lr must be > 0, got -1");
  EXPECT_EQ(parseError("sgd:momentum=1"), "optimizer 'sgd': momentum must be in [0, 1), got 1");
  EXPECT_EQ(parseError("sgd:momentum=-0.1"),
            "optimizer 'sgd': momentum must be in [0, 1), got -0.1");
  EXPECT_EQ(parseError("sgd:dampening=2"), "optimizer 'sgd': dampening must be in [0, 1], got 2");
  EXPECT_EQ(parseError("sgd:weight_decay=-1"),
            "optimizer 'sgd': weight_decay must be >= 0, got -1");
  EXPECT_EQ(parseError("sgd:nesterov=yes"),
            "optimizer 'sgd': nesterov 'yes' is not a boolean (true, false, 1 or 0)");
  EXPECT_EQ(parseError("sgd:nesterov=true"),
            "optimizer 'sgd': nesterov needs momentum > 0 and dampening 0 (as PyTorch requires)");
  EXPECT_EQ(parseError("sgd:nesterov=true,momentum=0.9,dampening=0.1"),
            "optimizer 'sgd': nesterov needs momentum > 0 and dampening 0 (as PyTorch requires)");
  EXPECT_EQ(parseError("sgd:lr=0.1,lr=0.2"), "optimizer 'sgd': lr is given twice");
  EXPECT_EQ(parseError("adam:betas=0.9/0.99,beta1=0.5"), "optimizer 'adam': beta1 is given twice");
  EXPECT_EQ(parseError("adam:betas=0.9"),
            "optimizer 'adam': betas '0.9' is not BETA1/BETA2 (e.g. betas=0.9/0.999)");
  EXPECT_EQ(parseError("adam:betas=0.9/1"), "optimizer 'adam': beta2 must be in [0, 1), got 1");
  EXPECT_EQ(parseError("adam:beta1=-0.5"), "optimizer 'adam': beta1 must be in [0, 1), got -0.5");
  EXPECT_EQ(parseError("adam:eps=-1e-8"), "optimizer 'adam': eps must be >= 0, got -1e-08");
  EXPECT_EQ(parseError("rmsprop:alpha=1.5"), "optimizer 'rmsprop': alpha must be in [0, 1], got 1.5");
  EXPECT_EQ(parseError("rmsprop:centered=maybe"),
            "optimizer 'rmsprop': centered 'maybe' is not a boolean (true, false, 1 or 0)");
  EXPECT_EQ(parseError("adagrad:lr_decay=-1"),
            "optimizer 'adagrad': lr_decay must be >= 0, got -1");
  EXPECT_EQ(parseError("adagrad:initial_accumulator_value=-1"),
            "optimizer 'adagrad': initial_accumulator_value must be >= 0, got -1");
  EXPECT_EQ(parseError("sgd:lr=0.1,"),
            "optimizer 'sgd': empty key in 'sgd:lr=0.1,' (expected key=value,...)");
  EXPECT_EQ(parseError(":lr=0.1"),
            "the optimizer ':lr=0.1' has no name (expected NAME:key=value,..., NAME one of sgd, "
            "adam, adamw, rmsprop, adagrad)");
  EXPECT_EQ(parseError(""),
            "the optimizer '' has no name (expected NAME:key=value,..., NAME one of sgd, adam, "
            "adamw, rmsprop, adagrad)");
}

TEST(TrainingSpec, FormatRoundTrips) {
  for (const char *text :
       {"sgd", "sgd:lr=0.1,momentum=0.9,nesterov=true,weight_decay=0.0005", "adam",
        "adam:lr=0.0003,betas=0.85/0.995,eps=1e-7", "adamw", "rmsprop:centered=true,alpha=0.5",
        "adagrad:lr_decay=0.001,initial_accumulator_value=0.1", "sgd:lr=0.30000000000000004"}) {
    OptimizerSpec spec = parse(text);
    std::string formatted = formatOptimizerSpec(spec);
    OptimizerSpec again = parse(formatted);
    EXPECT_EQ(formatOptimizerSpec(again), formatted);
    EXPECT_EQ(again.kind, spec.kind);
    EXPECT_EQ(again.lr, spec.lr);
    EXPECT_EQ(again.momentum, spec.momentum);
    EXPECT_EQ(again.dampening, spec.dampening);
    EXPECT_EQ(again.nesterov, spec.nesterov);
    EXPECT_EQ(again.weightDecay, spec.weightDecay);
    EXPECT_EQ(again.beta1, spec.beta1);
    EXPECT_EQ(again.beta2, spec.beta2);
    EXPECT_EQ(again.eps, spec.eps);
    EXPECT_EQ(again.alpha, spec.alpha);
    EXPECT_EQ(again.centered, spec.centered);
    EXPECT_EQ(again.lrDecay, spec.lrDecay);
    EXPECT_EQ(again.initialAccumulator, spec.initialAccumulator);
  }
  EXPECT_EQ(formatOptimizerSpec(parse("sgd:lr=0.01,momentum=0.9")),
            "sgd:lr=0.01,momentum=0.9,dampening=0,weight_decay=0,nesterov=false");
  EXPECT_EQ(formatOptimizerSpec(parse("adam")),
            "adam:lr=0.001,betas=0.9/0.999,eps=1e-08,weight_decay=0");
}

TEST(TrainingSpec, Losses) {
  LossKind kind = LossKind::MSE;
  std::string error;
  EXPECT_TRUE(parseLossKind("cross_entropy", kind, error));
  EXPECT_EQ(kind, LossKind::CrossEntropy);
  EXPECT_TRUE(parseLossKind("nll", kind, error));
  EXPECT_EQ(kind, LossKind::NLL);
  EXPECT_TRUE(parseLossKind("mse", kind, error));
  EXPECT_EQ(kind, LossKind::MSE);
  EXPECT_FALSE(parseLossKind("hinge", kind, error));
  EXPECT_EQ(error, "unknown loss 'hinge' (losses: cross_entropy, nll, mse)");
  EXPECT_EQ(kind, LossKind::MSE);
}
