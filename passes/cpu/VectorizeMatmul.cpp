//===- VectorizeMatmul.cpp - register-blocked, packed matmul microkernels -===//
#include "passes/cpu/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"

namespace dlc {
#define GEN_PASS_DEF_DLCVECTORIZEMATMUL
#include "passes/cpu/Passes.h.inc"
} // namespace dlc

using namespace mlir;
using namespace dlc;

namespace {
// A float32 matmul on buffers, C[b] += op(A[b]) * op(B[b]), whatever named
// form it came in.
struct Matmul {
  linalg::LinalgOp op;
  Value a, b, c;
  bool batched = false, transposeA = false, transposeB = false;
  int64_t batch = 1, m = 0, n = 0, k = 0;
};

bool hasUnitInnerStride(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(getStridesAndOffset(type, strides, offset)) && strides.back() == 1;
}

std::optional<Matmul> match(linalg::LinalgOp op) {
  Matmul mm;
  mm.op = op;
  if (isa<linalg::MatmulOp>(op)) {
  } else if (isa<linalg::MatmulTransposeAOp>(op)) {
    mm.transposeA = true;
  } else if (isa<linalg::MatmulTransposeBOp>(op)) {
    mm.transposeB = true;
  } else if (isa<linalg::BatchMatmulOp>(op)) {
    mm.batched = true;
  } else {
    return std::nullopt;
  }
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1)
    return std::nullopt;
  mm.a = op.getDpsInputOperand(0)->get();
  mm.b = op.getDpsInputOperand(1)->get();
  mm.c = op.getDpsInitOperand(0)->get();
  auto a = cast<MemRefType>(mm.a.getType()), b = cast<MemRefType>(mm.b.getType()),
       c = cast<MemRefType>(mm.c.getType());
  for (MemRefType type : {a, b, c})
    if (!type.hasStaticShape() || !type.getElementType().isF32())
      return std::nullopt;
  // C's rows are loaded and stored as vectors.
  if (!hasUnitInnerStride(c))
    return std::nullopt;
  ArrayRef<int64_t> cShape = c.getShape();
  unsigned rank = cShape.size();
  if (mm.batched)
    mm.batch = cShape[0];
  mm.m = cShape[rank - 2];
  mm.n = cShape[rank - 1];
  mm.k = mm.transposeA ? a.getShape()[rank - 2] : a.getShape()[rank - 1];
  return mm;
}

struct VectorizeMatmulPass : dlc::impl::DlcVectorizeMatmulBase<VectorizeMatmulPass> {
  using DlcVectorizeMatmulBase::DlcVectorizeMatmulBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || rows < 1 || depth < 1) {
      getOperation().emitError("vector-width, rows and depth must be positive");
      return signalPassFailure();
    }
    SmallVector<Matmul> matmuls;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (std::optional<Matmul> mm = match(op))
        matmuls.push_back(*mm);
    });
    IRRewriter rewriter(&getContext());
    for (Matmul &mm : matmuls)
      rewrite(rewriter, mm);
  }

  // The slice [rowBegin, rowEnd) x [colBegin, colEnd) of C (all batches),
  // with the rows of A and columns of B it needs, as a copy of the original
  // op on views: the part the microkernel does not cover.
  void emitRemainder(OpBuilder &b, Matmul &mm, int64_t rowBegin, int64_t rowEnd,
                     int64_t colBegin, int64_t colEnd) {
    if (rowBegin >= rowEnd || colBegin >= colEnd)
      return;
    Location loc = mm.op.getLoc();
    auto view = [&](Value buffer, int64_t rowOffset, int64_t rowSize, int64_t colOffset,
                    int64_t colSize) -> Value {
      auto type = cast<MemRefType>(buffer.getType());
      unsigned rank = type.getRank();
      SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0)), sizes, strides(rank, b.getIndexAttr(1));
      for (int64_t dim : type.getShape())
        sizes.push_back(b.getIndexAttr(dim));
      offsets[rank - 2] = b.getIndexAttr(rowOffset);
      sizes[rank - 2] = b.getIndexAttr(rowSize);
      offsets[rank - 1] = b.getIndexAttr(colOffset);
      sizes[rank - 1] = b.getIndexAttr(colSize);
      return b.create<memref::SubViewOp>(loc, buffer, offsets, sizes, strides);
    };
    int64_t rowsOut = rowEnd - rowBegin, colsOut = colEnd - colBegin;
    Value a = mm.transposeA ? view(mm.a, 0, mm.k, rowBegin, rowsOut)
                            : view(mm.a, rowBegin, rowsOut, 0, mm.k);
    Value bv = mm.transposeB ? view(mm.b, colBegin, colsOut, 0, mm.k)
                             : view(mm.b, 0, mm.k, colBegin, colsOut);
    Value c = view(mm.c, rowBegin, rowsOut, colBegin, colsOut);
    b.clone(*mm.op.getOperation())->setOperands(ValueRange{a, bv, c});
  }

  void rewrite(IRRewriter &rewriter, Matmul &mm) {
    int64_t nr = 2 * vectorWidth, mr = rows;
    int64_t nMain = mm.n - mm.n % nr, mMain = mm.m - mm.m % mr;
    if (nMain == 0 || mMain == 0)
      return;
    Location loc = mm.op.getLoc();
    rewriter.setInsertionPoint(mm.op);
    OpBuilder &b = rewriter;
    auto index = [&](int64_t value) -> Value {
      return b.create<arith::ConstantIndexOp>(loc, value);
    };
    Type f32 = b.getF32Type();
    auto rowType = VectorType::get({nr}, f32);
    auto packType = MemRefType::get({std::min<int64_t>(depth, mm.k), nr}, f32);
    bool vectorPack = !mm.transposeB && hasUnitInnerStride(cast<MemRefType>(mm.b.getType()));

    // Indices into A, B, C with the batch index first when batched.
    auto at = [&](Value batch, Value first, Value second) {
      SmallVector<Value> indices;
      if (mm.batched)
        indices.push_back(batch);
      indices.append({first, second});
      return indices;
    };

    SmallVector<Value> lower{index(0)}, upper{index(nMain)}, steps{index(nr)};
    if (mm.batched) {
      lower.insert(lower.begin(), index(0));
      upper.insert(upper.begin(), index(mm.batch));
      steps.insert(steps.begin(), index(1));
    }
    // The packed panel is scratch for one column panel at a time: one per
    // function, and one per thread once the loop is outlined for threads.
    Value pack;
    {
      OpBuilder::InsertionGuard guard(b);
      auto func = mm.op->getParentOfType<func::FuncOp>();
      b.setInsertionPointToStart(&func.getBody().front());
      pack = b.create<memref::AllocaOp>(loc, packType, b.getI64IntegerAttr(64));
    }
    auto columns = b.create<scf::ParallelOp>(loc, lower, upper, steps);
    b.setInsertionPointToStart(columns.getBody());
    Value batch = mm.batched ? columns.getInductionVars()[0] : Value();
    Value col = columns.getInductionVars().back();
    // Whole blocks of `depth` steps, then the rest: every loop bound stays a
    // constant, for LLVM's unrolling and for the threading pass's estimate.
    auto block = [&](Value kBlock, int64_t kc) {
      Value kcValue = index(kc);
      packPanel(b, mm, pack, batch, col, kBlock, kcValue, vectorPack, rowType, at);
      auto rowTiles = b.create<scf::ForOp>(loc, index(0), index(mMain), index(mr));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(rowTiles.getBody());
      microkernel(b, mm, pack, batch, rowTiles.getInductionVar(), col, kBlock, kcValue,
                  rowType, at);
    };
    int64_t kWhole = mm.k - mm.k % depth;
    if (kWhole > 0) {
      auto kBlocks = b.create<scf::ForOp>(loc, index(0), index(kWhole), index(depth));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(kBlocks.getBody());
      block(kBlocks.getInductionVar(), depth);
    }
    if (kWhole < mm.k)
      block(index(kWhole), mm.k - kWhole);

    b.setInsertionPoint(mm.op);
    emitRemainder(b, mm, 0, mm.m, nMain, mm.n);
    emitRemainder(b, mm, mMain, mm.m, 0, nMain);
    rewriter.eraseOp(mm.op);
  }

  // pack[k][j] = op(B)[kBlock + k][col + j] for k < kc: one contiguous panel
  // the microkernel streams through, whatever B's layout.
  template <typename IndexFn>
  void packPanel(OpBuilder &b, Matmul &mm, Value pack, Value batch, Value col,
                 Value kBlock, Value kc, bool vectorPack, VectorType rowType, IndexFn at) {
    Location loc = mm.op.getLoc();
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    auto loop = b.create<scf::ForOp>(loc, zero, kc, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    Value source = b.create<arith::AddIOp>(loc, kBlock, k);
    if (vectorPack) {
      Value row = b.create<vector::LoadOp>(loc, rowType, mm.b, at(batch, source, col));
      b.create<vector::StoreOp>(loc, row, pack, ValueRange{k, zero});
      return;
    }
    for (int64_t j = 0; j < rowType.getNumElements(); ++j) {
      Value offset = b.create<arith::ConstantIndexOp>(loc, j);
      Value column = b.create<arith::AddIOp>(loc, col, offset);
      Value element = b.create<memref::LoadOp>(
          loc, mm.b, mm.transposeB ? at(batch, column, source) : at(batch, source, column));
      b.create<memref::StoreOp>(loc, element, pack, ValueRange{k, offset});
    }
  }

  // C[row .. row+mr)[col .. col+nr) += A-block * pack, accumulated in
  // mr vector registers across the panel's depth.
  template <typename IndexFn>
  void microkernel(OpBuilder &b, Matmul &mm, Value pack, Value batch, Value row,
                   Value col, Value kBlock, Value kc, VectorType rowType, IndexFn at) {
    Location loc = mm.op.getLoc();
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    SmallVector<Value> rowIndex, accumulators;
    for (int64_t r = 0; r < rows; ++r) {
      Value offset = b.create<arith::ConstantIndexOp>(loc, r);
      rowIndex.push_back(b.create<arith::AddIOp>(loc, row, offset));
      accumulators.push_back(
          b.create<vector::LoadOp>(loc, rowType, mm.c, at(batch, rowIndex.back(), col)));
    }
    auto loop = b.create<scf::ForOp>(
        loc, zero, kc, one, accumulators,
        [&](OpBuilder &body, Location, Value k, ValueRange acc) {
          Value panelRow = body.create<vector::LoadOp>(loc, rowType, pack, ValueRange{k, zero});
          Value depthIndex = body.create<arith::AddIOp>(loc, kBlock, k);
          SmallVector<Value> next;
          for (int64_t r = 0; r < rows; ++r) {
            Value element = body.create<memref::LoadOp>(
                loc, mm.a,
                mm.transposeA ? at(batch, depthIndex, rowIndex[r]) : at(batch, rowIndex[r], depthIndex));
            Value splat = body.create<vector::BroadcastOp>(loc, rowType, element);
            next.push_back(body.create<vector::FMAOp>(loc, splat, panelRow, acc[r]));
          }
          body.create<scf::YieldOp>(loc, next);
        });
    for (int64_t r = 0; r < rows; ++r)
      b.create<vector::StoreOp>(loc, loop.getResult(r), mm.c, at(batch, rowIndex[r], col));
  }
};
} // namespace
