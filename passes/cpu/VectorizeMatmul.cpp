//===- VectorizeMatmul.cpp - register-blocked, packed matmul microkernels -===//
#include "passes/cpu/Passes.h"
#include "passes/cpu/ConvSupport.h"

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
  // A and C have leading dims that B lacks (a Linear layer on [batch, seq,
  // features]): their rows are taken as one matrix of m rows.
  bool sharedB = false;
  int64_t batch = 1, m = 0, n = 0, k = 0;
};

bool hasUnitInnerStride(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  return succeeded(getStridesAndOffset(type, strides, offset)) && strides.back() == 1;
}

// The generic MatrixLowering builds for [..., M, K] x [K, N]: loops
// (outer..., m, n, k), A and C contiguous so their rows collapse.
bool isSharedWeightMatmul(linalg::GenericOp op) {
  unsigned rank = op.getNumLoops() - 1;
  if (rank < 3 || op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !cpu::isMultiplyAccumulate(op))
    return false;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned i = 0; i <= rank; ++i)
    if ((i < rank) != (iterators[i] == utils::IteratorType::parallel))
      return false;
  MLIRContext *ctx = op.getContext();
  SmallVector<AffineExpr> a, c;
  for (unsigned i = 0; i < rank; ++i) {
    c.push_back(getAffineDimExpr(i, ctx));
    if (i + 1 < rank)
      a.push_back(getAffineDimExpr(i, ctx));
  }
  a.push_back(getAffineDimExpr(rank, ctx));
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  auto contiguous = [](Value value) {
    auto type = dyn_cast<MemRefType>(value.getType());
    return type && type.getLayout().isIdentity();
  };
  return maps[0] == AffineMap::get(rank + 1, 0, a, ctx) &&
         maps[1] == AffineMap::get(rank + 1, 0,
                                   {getAffineDimExpr(rank, ctx), getAffineDimExpr(rank - 1, ctx)},
                                   ctx) &&
         maps[2] == AffineMap::get(rank + 1, 0, c, ctx) &&
         contiguous(op.getDpsInputOperand(0)->get()) && contiguous(op.getDpsInitOperand(0)->get());
}

std::optional<Matmul> match(linalg::LinalgOp op) {
  Matmul mm;
  mm.op = op;
  if (auto generic = dyn_cast<linalg::GenericOp>(op.getOperation())) {
    if (!isSharedWeightMatmul(generic))
      return std::nullopt;
    mm.sharedB = true;
  } else if (isa<linalg::MatmulOp>(op)) {
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
  if (mm.sharedB)
    for (int64_t outer : cShape.drop_back(2))
      mm.m *= outer;
  mm.n = cShape[rank - 1];
  mm.k = mm.transposeA ? a.getShape()[rank - 2] : a.getShape()[rank - 1];
  return mm;
}

// Bytes of A one row block may take: half of a 1 MB L2, the rest for the
// packed panel, C's tiles and whatever else the core runs. Blocks start
// paying for their extra packing once A's block is twice that.
constexpr int64_t kL2Budget = 512 * 1024;
// Row blocks a large matmul is split into at least, for threads to share.
constexpr int64_t kRowBlocks = 8;

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

  // One column panel's state: where it is, its packed B, its tail mask.
  struct Panel {
    Value batch, col, kBlock, kc, pack;
    VectorType rowType;
    Value mask, zeros; // null when every panel is whole
  };

  void rewrite(IRRewriter &rewriter, Matmul &mm) {
    int64_t nr = 2 * vectorWidth;
    bool vectorPack = !mm.transposeB && hasUnitInnerStride(cast<MemRefType>(mm.b.getType()));
    // Packing pays off over the rows that reuse the panel: one vector per
    // reduction step when B's rows are contiguous, nr scalars otherwise.
    if (mm.n == 0 || mm.k == 0 || mm.m < (vectorPack ? rows : nr))
      return;
    Location loc = mm.op.getLoc();
    rewriter.setInsertionPoint(mm.op);
    OpBuilder &b = rewriter;
    if (mm.sharedB) {
      auto rows = [&](Value buffer) -> Value {
        int64_t rank = cast<MemRefType>(buffer.getType()).getRank();
        ReassociationIndices outer = llvm::to_vector(llvm::seq<int64_t>(0, rank - 1));
        return b.create<memref::CollapseShapeOp>(
            loc, buffer, ArrayRef<ReassociationIndices>{outer, {rank - 1}});
      };
      mm.a = rows(mm.a);
      mm.c = rows(mm.c);
    }
    auto index = [&](int64_t value) -> Value {
      return b.create<arith::ConstantIndexOp>(loc, value);
    };
    Type f32 = b.getF32Type();
    auto rowType = VectorType::get({nr}, f32);
    auto packType = MemRefType::get({std::min<int64_t>(depth, mm.k), nr}, f32);

    // Indices into A, B, C with the batch index first when batched.
    auto at = [&](Value batch, Value first, Value second) {
      SmallVector<Value> indices;
      if (mm.batched)
        indices.push_back(batch);
      indices.append({first, second});
      return indices;
    };

    // One parallel iteration per panel of nr columns, the last one partial
    // when nr does not divide n.
    int64_t panels = llvm::divideCeil(mm.n, nr);
    SmallVector<Value> lower{index(0)}, upper{index(panels)}, steps{index(1)};
    if (mm.batched) {
      lower.insert(lower.begin(), index(0));
      upper.insert(upper.begin(), index(mm.batch));
      steps.insert(steps.begin(), index(1));
    }
    // The packed panel is scratch for one column panel at a time: one per
    // parallel loop, and one per thread once the loop is outlined for
    // threads (which needs the loop to be the scratch's only user).
    auto newScratch = [&]() -> Value {
      OpBuilder::InsertionGuard guard(b);
      auto func = mm.op->getParentOfType<func::FuncOp>();
      b.setInsertionPointToStart(&func.getBody().front());
      return b.create<memref::AllocaOp>(loc, packType, b.getI64IntegerAttr(64));
    };
    // Row tiles of `rows` rows over [first, first + count), then a smaller
    // one: every loop bound stays a constant, for LLVM's unrolling and for
    // the threading pass's estimate.
    Panel panel;
    auto rowTiles = [&](Value first, int64_t count) {
      int64_t whole = count - count % rows;
      if (whole > 0) {
        auto tiles = b.create<scf::ForOp>(loc, index(0), index(whole), index(rows));
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(tiles.getBody());
        microkernel(b, mm, panel,
                    b.create<arith::AddIOp>(loc, first, tiles.getInductionVar()), rows, at);
      }
      if (whole < count)
        microkernel(b, mm, panel, b.create<arith::AddIOp>(loc, first, index(whole)),
                    count - whole, at);
    };
    // One parallel loop over the column panels running `body` on each.
    auto overPanels = [&](int64_t workRows, int64_t workDepth, function_ref<void()> body) {
      auto columns = b.create<scf::ParallelOp>(loc, lower, upper, steps);
      columns->setAttr(attr::kParallelWork,
                       b.getI64IntegerAttr(vectorWork({mm.batch, workRows, mm.n, workDepth},
                                                      vectorWidth)));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(columns.getBody());
      panel.batch = mm.batched ? columns.getInductionVars()[0] : Value();
      panel.col = b.create<arith::MulIOp>(loc, columns.getInductionVars().back(), index(nr));
      panel.rowType = rowType;
      // Lanes past n are masked: loaded as zero, never stored.
      panel.mask = panel.zeros = Value();
      if (mm.n % nr != 0) {
        Value remaining = b.create<arith::SubIOp>(loc, index(mm.n), panel.col);
        panel.mask = b.create<vector::CreateMaskOp>(
            loc, VectorType::get({nr}, b.getI1Type()), ValueRange{remaining});
        panel.zeros = b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(rowType, 0.0f));
      }
      body();
    };
    // Whole blocks of `depth` reduction steps, then the rest.
    auto overDepth = [&](function_ref<void(Value, int64_t)> block) {
      int64_t kWhole = mm.k - mm.k % depth;
      if (kWhole > 0) {
        auto kBlocks = b.create<scf::ForOp>(loc, index(0), index(kWhole), index(depth));
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(kBlocks.getBody());
        block(kBlocks.getInductionVar(), depth);
      }
      if (kWhole < mm.k)
        block(index(kWhole), mm.k - kWhole);
    };
    // The panel's B rows [kBlock, kBlock + kc), packed, then `count` rows of
    // C from `first` updated with them.
    auto panelBlock = [&](Value kBlock, int64_t kc, Value first, int64_t count) {
      panel.kBlock = kBlock;
      panel.kc = index(kc);
      packPanel(b, mm, panel, vectorPack, at);
      rowTiles(first, count);
    };

    // Each panel walks the rows of A's block of `depth` steps. Where that
    // block outgrows the L2 cache (2048 rows x 256 steps: 2 MB), it would
    // stream from memory once per panel. Then the rows are split into blocks
    // that fit (and that give threads several to share), the threads split
    // the row blocks, and each goes over all panels for one block of steps
    // before the next: the B panels are packed once per row block.
    int64_t stepBytes = std::min<int64_t>(depth, mm.k) * 4;
    int64_t fitting = std::max<int64_t>(rows, kL2Budget / stepBytes / rows * rows);
    int64_t rowBlock =
        std::min(fitting, std::max<int64_t>(rows, llvm::alignTo(mm.m / kRowBlocks, rows)));
    if (mm.m * stepBytes <= 2 * kL2Budget || rowBlock >= mm.m) {
      panel.pack = newScratch();
      overPanels(mm.m, mm.k, [&] {
        overDepth([&](Value kBlock, int64_t kc) { panelBlock(kBlock, kc, index(0), mm.m); });
      });
    } else {
      // `blocks` row blocks of `count` rows from row `firstRow`, in parallel.
      auto rowBlocks = [&](int64_t blocks, int64_t firstRow, int64_t count) {
        panel.pack = newScratch();
        auto parallel = b.create<scf::ParallelOp>(loc, ValueRange{index(0)},
                                                  ValueRange{index(blocks)},
                                                  ValueRange{index(1)});
        parallel->setAttr(attr::kParallelWork,
                          b.getI64IntegerAttr(vectorWork(
                              {mm.batch, blocks * count, mm.n, mm.k}, vectorWidth)));
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(parallel.getBody());
        Value first = b.create<arith::AddIOp>(
            loc, b.create<arith::MulIOp>(loc, parallel.getInductionVars()[0], index(count)),
            index(firstRow));
        overDepth([&](Value kBlock, int64_t kc) {
          overPanels(count, kc, [&] { panelBlock(kBlock, kc, first, count); });
        });
      };
      rowBlocks(mm.m / rowBlock, 0, rowBlock);
      if (int64_t rest = mm.m % rowBlock)
        rowBlocks(1, mm.m - rest, rest);
    }
    rewriter.eraseOp(mm.op);
  }

  // pack[k][j] = op(B)[kBlock + k][col + j] for k < kc (zero past n): one
  // contiguous panel the microkernel streams through, whatever B's layout.
  template <typename IndexFn>
  void packPanel(OpBuilder &b, Matmul &mm, Panel &panel, bool vectorPack, IndexFn at) {
    Location loc = mm.op.getLoc();
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    auto loop = b.create<scf::ForOp>(loc, zero, panel.kc, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    Value source = b.create<arith::AddIOp>(loc, panel.kBlock, k);
    if (vectorPack) {
      SmallVector<Value> indices = at(panel.batch, source, panel.col);
      Value row = panel.mask ? b.create<vector::MaskedLoadOp>(loc, panel.rowType, mm.b, indices,
                                                              panel.mask, panel.zeros)
                                   .getResult()
                             : b.create<vector::LoadOp>(loc, panel.rowType, mm.b, indices)
                                   .getResult();
      b.create<vector::StoreOp>(loc, row, panel.pack, ValueRange{k, zero});
      return;
    }
    Value last = b.create<arith::ConstantIndexOp>(loc, mm.n - 1);
    Value zeroElement = b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(0.0f));
    for (int64_t j = 0; j < panel.rowType.getNumElements(); ++j) {
      Value offset = b.create<arith::ConstantIndexOp>(loc, j);
      Value column = b.create<arith::AddIOp>(loc, panel.col, offset);
      // Past n, read the last column (in bounds) and store zero instead.
      Value clamped = panel.mask ? b.create<arith::MinSIOp>(loc, column, last).getResult() : column;
      Value element = b.create<memref::LoadOp>(
          loc, mm.b, mm.transposeB ? at(panel.batch, clamped, source) : at(panel.batch, source, clamped));
      if (panel.mask) {
        Value inside = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, column, last);
        element = b.create<arith::SelectOp>(loc, inside, element, zeroElement);
      }
      b.create<memref::StoreOp>(loc, element, panel.pack, ValueRange{k, offset});
    }
  }

  // C[row .. row+tileRows)[col .. col+nr) += A-block * pack, accumulated in
  // tileRows vector registers across the panel's depth.
  template <typename IndexFn>
  void microkernel(OpBuilder &b, Matmul &mm, Panel &panel, Value row, int64_t tileRows,
                   IndexFn at) {
    Location loc = mm.op.getLoc();
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    SmallVector<Value> rowIndex, accumulators;
    for (int64_t r = 0; r < tileRows; ++r) {
      Value offset = b.create<arith::ConstantIndexOp>(loc, r);
      rowIndex.push_back(b.create<arith::AddIOp>(loc, row, offset));
      SmallVector<Value> indices = at(panel.batch, rowIndex.back(), panel.col);
      accumulators.push_back(
          panel.mask ? b.create<vector::MaskedLoadOp>(loc, panel.rowType, mm.c, indices,
                                                      panel.mask, panel.zeros)
                           .getResult()
                     : b.create<vector::LoadOp>(loc, panel.rowType, mm.c, indices).getResult());
    }
    auto loop = b.create<scf::ForOp>(
        loc, zero, panel.kc, one, accumulators,
        [&](OpBuilder &body, Location, Value k, ValueRange acc) {
          Value panelRow =
              body.create<vector::LoadOp>(loc, panel.rowType, panel.pack, ValueRange{k, zero});
          Value depthIndex = body.create<arith::AddIOp>(loc, panel.kBlock, k);
          SmallVector<Value> next;
          for (int64_t r = 0; r < tileRows; ++r) {
            Value element = body.create<memref::LoadOp>(
                loc, mm.a,
                mm.transposeA ? at(panel.batch, depthIndex, rowIndex[r])
                              : at(panel.batch, rowIndex[r], depthIndex));
            Value splat = body.create<vector::BroadcastOp>(loc, panel.rowType, element);
            next.push_back(body.create<vector::FMAOp>(loc, splat, panelRow, acc[r]));
          }
          body.create<scf::YieldOp>(loc, next);
        });
    for (int64_t r = 0; r < tileRows; ++r) {
      SmallVector<Value> indices = at(panel.batch, rowIndex[r], panel.col);
      if (panel.mask)
        b.create<vector::MaskedStoreOp>(loc, mm.c, indices, panel.mask, loop.getResult(r));
      else
        b.create<vector::StoreOp>(loc, loop.getResult(r), mm.c, indices);
    }
  }
};
} // namespace
