//===- Patterns.h - dlc-to-linalg conversion patterns, one set per family -===//
// Each family of graph ops (dialects/graph/<Family>Ops.td) lowers in
// <Family>Lowering.cpp; the pass only collects the sets.
#ifndef DLC_PASSES_LOWERING_PATTERNS_H
#define DLC_PASSES_LOWERING_PATTERNS_H

#include "dialects/Support.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace dlc {

void populateCoreLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateConvLoweringPatterns(const TypeConverter &converter,
                                RewritePatternSet &patterns);
void populatePoolLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateMatrixLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateShapeLoweringPatterns(const TypeConverter &converter,
                                   RewritePatternSet &patterns);
void populateReductionLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
void populateLossLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateIndexingLoweringPatterns(const TypeConverter &converter,
                                      RewritePatternSet &patterns);
void populateRandomLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateScanLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populateStringLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);

} // namespace dlc

#endif // DLC_PASSES_LOWERING_PATTERNS_H
