//===- ExternalData.h - tensors stored beside an ONNX model ---------------===//
#ifndef DLC_COMPILER_IMPORT_EXTERNALDATA_H
#define DLC_COMPILER_IMPORT_EXTERNALDATA_H

#include "mlir/IR/Location.h"

#include <string>

namespace onnx {
class ModelProto;
}

namespace dlc {

/// Reads every tensor whose data the model at `modelPath` keeps in an
/// external file (initializers and tensor attributes) into the tensor itself,
/// so nothing downstream needs the files. A file must lie in the model's
/// folder: absolute paths, `..` and symbolic links that lead out of it are
/// errors, as are offsets and lengths beyond the file's end.
mlir::LogicalResult loadExternalData(mlir::Location fileLoc, const std::string &modelPath,
                                     onnx::ModelProto &model);

} // namespace dlc

#endif // DLC_COMPILER_IMPORT_EXTERNALDATA_H
