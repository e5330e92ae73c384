//===- artifact.hpp - the dlc artifact format, shared by compiler and runtime -===//
//
// docs/artifact.md describes the file: [ELF library][metadata text][trailer].
// This library (dlc_artifact) is plain C++17 with no dependencies and no
// exceptions, so that the compiler writes and the runtime reads the format with
// the same code. Functions that can fail return false (or a ReadResult) and
// describe the failure in `error` as one line.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_ARTIFACT_HPP
#define DLC_ARTIFACT_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dlc/abi.h"

namespace dlc::artifact {

/// The version on the first line of the metadata text: "dlc-metadata 2".
inline constexpr int kMetadataVersion = 2;

/// An input, output or parameter of a model.
struct TensorSpec {
  std::string name; ///< Any bytes; percent-encoded in the text.
  dlc_dtype dtype = DLC_DTYPE_INVALID;
  std::vector<int64_t> dims; ///< Empty for a scalar.
  uint64_t offset = 0;       ///< Params only: byte offset into dlc_weights.
  /// Params only: session state (a `state` line) that entries may update,
  /// initialised from dlc_weights at `offset`; otherwise a read-only weight.
  bool writable = false;
};

/// One exported function, dlc_entry_<name>. Its outputs array holds
/// `outputs`, then one new value per name in `updates` (writable params it
/// replaces: the runtime passes a second buffer and swaps it in on success).
struct EntrySpec {
  std::string name; ///< A C identifier.
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  std::vector<std::string> updates; ///< Names of writable params, each once.
};

bool operator==(const EntrySpec &a, const EntrySpec &b);
inline bool operator!=(const EntrySpec &a, const EntrySpec &b) { return !(a == b); }

bool operator==(const TensorSpec &a, const TensorSpec &b);
inline bool operator!=(const TensorSpec &a, const TensorSpec &b) { return !(a == b); }

/// Everything the metadata text says. A model library exports
/// DLC_ENTRY_SYMBOL_PREFIX + entry for every entry, and DLC_WEIGHTS_SYMBOL
/// (at least weightsBytes long) when it has params.
struct ModelMetadata {
  std::string producer;                 ///< Free text up to the end of its line, e.g. "dlc 0.1.0".
  std::string target;                   ///< An LLVM target triple.
  std::vector<std::string> cpuFeatures; ///< LLVM x86 feature names, e.g. "avx2".
  /// Where the kernels run besides the host: empty for the CPU, "cuda sm_90"
  /// for a CUDA library (the host code then only launches kernels).
  std::string device;
  uint64_t arenaBytes = 0;
  uint64_t weightsBytes = 0;
  /// The param table every entry receives, in this order.
  std::vector<TensorSpec> params;
  /// Every model has "run", listed first.
  std::vector<EntrySpec> entries;

  /// The entry called `name`, or null.
  const EntrySpec *findEntry(std::string_view name) const;
  /// The param called `name`, or null.
  const TensorSpec *findParam(std::string_view name) const;
};

bool operator==(const ModelMetadata &a, const ModelMetadata &b);
inline bool operator!=(const ModelMetadata &a, const ModelMetadata &b) { return !(a == b); }

// ---- dtypes ----

/// "f32", "i64", ...; nullptr for DLC_DTYPE_INVALID or a value abi.h lacks.
const char *dtypeName(dlc_dtype dtype);
/// Bytes per element; 0 for an unknown dtype.
size_t dtypeSize(dlc_dtype dtype);
/// The dtype whose value (ONNX's TensorProto.DataType) is `value`, if abi.h has it.
std::optional<dlc_dtype> dtypeFromValue(int64_t value);
/// The dtype spelled `name` in the metadata text, if there is one.
std::optional<dlc_dtype> parseDtype(std::string_view name);
/// Elements times element size; nullopt for an unknown dtype, a negative dim
/// or a size that does not fit in 63 bits, also when another dim is zero (so
/// that every partial product of the dims fits, whatever the order).
std::optional<uint64_t> tensorByteSize(dlc_dtype dtype, const std::vector<int64_t> &dims);

// ---- metadata text ----

/// Bytes outside '!'..'~', and '%' itself, become "%XX" (upper-case hex).
std::string percentEncode(std::string_view raw);
/// Inverse of percentEncode; false on a malformed escape.
bool percentDecode(std::string_view encoded, std::string &out);

/// Checks what the text cannot express or the runtime relies on: non-empty
/// names and triple, identifier entry names (unique, "run" among them), known
/// dtypes, sizes that fit, params aligned to DLC_PARAM_ALIGNMENT and inside
/// weightsBytes.
bool validateMetadata(const ModelMetadata &metadata, std::string &error);

/// The metadata text of a valid ModelMetadata (see validateMetadata).
std::string formatMetadata(const ModelMetadata &metadata);

/// What a model library compiled with metadata `text` exports as
/// DLC_METADATA_DIGEST_SYMBOL: fnv1a64 of the text.
uint64_t metadataDigest(std::string_view text);

/// Parses exactly the text formatMetadata writes: lines in its order, single
/// spaces, canonical decimals, "end\n" last. Then validates. Never reads
/// outside `text`, whatever it holds.
bool parseMetadata(std::string_view text, ModelMetadata &out, std::string &error);

// ---- file ----

inline constexpr uint64_t kFnv1a64Offset = 0xcbf29ce484222325ull;
/// FNV-1a 64 of `bytes`; pass a previous result as `hash` to continue it.
uint64_t fnv1a64(std::string_view bytes, uint64_t hash = kFnv1a64Offset);

/// The trailer as the little-endian bytes that end an artifact file.
std::string encodeTrailer(const dlc_trailer &trailer);
/// The trailer of an artifact made of `library` followed by `metadataText`.
dlc_trailer makeTrailer(std::string_view library, std::string_view metadataText);
/// Decodes the last DLC_TRAILER_SIZE bytes of a file of `fileSize` bytes and
/// checks magic, ABI version, flags and that the sizes add up to fileSize.
/// The content hash is left for the caller to check.
bool decodeTrailer(std::string_view bytes, uint64_t fileSize, dlc_trailer &out, std::string &error);

/// Validates `metadata`, then writes library + metadata text + trailer to
/// `path` through a temporary file in the same directory and a rename, so a
/// reader sees the old file or the complete new one.
bool writeArtifact(const std::string &path, std::string_view library, const ModelMetadata &metadata,
                   std::string &error);

/// What readArtifact found.
enum class ReadResult {
  Ok,
  NotFound,   ///< No file at the path.
  Unreadable, ///< Exists but cannot be opened or read (permissions, a directory, I/O).
  Invalid,    ///< Truncated, foreign, corrupted, wrong ABI, or bad metadata.
};

struct Artifact {
  dlc_trailer trailer{};
  ModelMetadata metadata;
  uint64_t metadataDigest = 0; ///< metadataDigest of the text `metadata` came from.
};

/// Checks a whole artifact file as docs/artifact.md says, except CPU features:
/// size, magic, ABI version, content hash, metadata. Reads it in pieces, so
/// the library part is hashed but never held in memory.
ReadResult readArtifact(const std::string &path, Artifact &out, std::string &error);

} // namespace dlc::artifact

#endif // DLC_ARTIFACT_HPP
