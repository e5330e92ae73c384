/* The contract between generated model libraries and the runtime: dtypes,
 * host callbacks, the uniform entry signature and the artifact trailer.
 * docs/artifact.md describes the file layout and the metadata text. */
#ifndef DLC_ABI_H
#define DLC_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of everything below; bumped on any incompatible change. */
#define DLC_ABI_VERSION 5

/* Element types; the values are ONNX TensorProto.DataType's. */
typedef enum dlc_dtype {
  DLC_DTYPE_INVALID = 0,
  DLC_DTYPE_F32 = 1,
  DLC_DTYPE_U8 = 2,
  DLC_DTYPE_I8 = 3,
  DLC_DTYPE_U16 = 4,
  DLC_DTYPE_I16 = 5,
  DLC_DTYPE_I32 = 6,
  DLC_DTYPE_I64 = 7,
  DLC_DTYPE_STRING = 8,
  DLC_DTYPE_BOOL = 9,
  DLC_DTYPE_F16 = 10,
  DLC_DTYPE_F64 = 11,
  DLC_DTYPE_U32 = 12,
  DLC_DTYPE_U64 = 13,
  DLC_DTYPE_BF16 = 16,
} dlc_dtype;

/* One element of a string tensor: `size` bytes at `data`, not
 * NUL-terminated and free to hold NULs (UTF-8 by ONNX's convention; `data`
 * may be NULL when `size` is 0). Strings a model computes point into memory
 * the session owns, valid until the session's next run or its release. */
typedef struct dlc_string {
  const char *data;
  int64_t size;
} dlc_string;

/* Work split by the host: body(arg, b, e) is called for disjoint [b, e)
 * ranges covering [begin, end), possibly on several threads at once. */
typedef void (*dlc_parallel_body)(void *arg, int64_t begin, int64_t end);

/* Services the runtime offers to generated code, so that a model library
 * needs no runtime symbols. */
typedef struct dlc_host_api {
  uint32_t abi_version;
  void *context;
  void (*parallel_for)(void *context, int64_t begin, int64_t end, dlc_parallel_body body,
                       void *arg);
  /* String kernels; `dtype` is a dlc_dtype, `value` and `out` point at one
   * element of it. A kernel that cannot do its work reports why through
   * report_error and still writes its result (an empty string, zero), so
   * generated code runs to the end and the run then fails with the report. */
  void (*format_number)(void *context, int32_t dtype, const void *value, dlc_string *out);
  void (*parse_number)(void *context, const dlc_string *text, int32_t dtype, void *out);
  void (*change_case)(void *context, const dlc_string *text, int32_t upper, dlc_string *out);
  int32_t (*strings_equal)(void *context, const dlc_string *a, const dlc_string *b,
                           int32_t ignore_case);
  /* Fails the current run with `message` (NUL-terminated UTF-8); the first
   * report of a run wins. */
  void (*report_error)(void *context, const char *message);
  /* Runs row `launch` of a CUDA model's launch table on the session's
   * stream. `args` holds one 8-byte slot per kernel parameter: a device
   * buffer's address, or a scalar in the slot's first bytes. Failures are
   * reported like report_error's. NULL for CPU sessions. */
  void (*launch_kernel)(void *context, int32_t launch, void *args);
} dlc_host_api;

/* Every entry point of a model library has this signature. inputs, outputs
 * and params are arrays of element pointers in metadata order (outputs: the
 * entry's outputs, then the new value of each param it updates); arena points
 * to at least arena-bytes bytes aligned to DLC_ARENA_ALIGNMENT. Returns 0 on
 * success. */
typedef int32_t (*dlc_entry_fn)(const dlc_host_api *host, void *const *inputs,
                                void *const *outputs, void *const *params, void *arena);

/* Symbols a model library exports. */
#define DLC_ENTRY_SYMBOL_PREFIX "dlc_entry_"
#define DLC_WEIGHTS_SYMBOL "dlc_weights"
/* A const uint64_t: the FNV-1a 64 digest of the metadata text the library
 * was compiled with. The runtime refuses metadata with another digest, since
 * the code relies on every size and shape it states (docs/artifact.md). */
#define DLC_METADATA_DIGEST_SYMBOL "dlc_metadata_digest"

/* What a CUDA model library adds (metadata line `device cuda ARCH`), each a
 * blob: a little-endian uint64_t byte count, then the bytes and a NUL. The
 * kernels' CUDA C++ source, their PTX (for the architecture's virtual
 * counterpart) and CUBIN, and the launch table: one line per launch, in
 * launch-number order, "NAME GRID BLOCK SHARED_BYTES ARGS\n" (the kernel's
 * name, blocks, threads per block, dynamic shared memory, parameters). */
#define DLC_CUDA_SOURCE_SYMBOL "dlc_cuda_source"
#define DLC_CUDA_PTX_SYMBOL "dlc_cuda_ptx"
#define DLC_CUDA_CUBIN_SYMBOL "dlc_cuda_cubin"
#define DLC_CUDA_LAUNCHES_SYMBOL "dlc_cuda_launches"

#define DLC_ARENA_ALIGNMENT 64
#define DLC_PARAM_ALIGNMENT 64

/* The last DLC_TRAILER_SIZE bytes of an artifact file, little-endian:
 *   [ELF shared library][metadata text][trailer]
 * content_hash is FNV-1a 64 over the library and metadata bytes. */
#define DLC_TRAILER_MAGIC "DLCMODEL"
#define DLC_TRAILER_SIZE 40
typedef struct dlc_trailer {
  uint64_t library_size;
  uint64_t metadata_size;
  uint64_t content_hash;
  uint32_t abi_version;
  uint32_t flags;
  char magic[8];
} dlc_trailer;

#ifdef __cplusplus
}
#endif

#endif /* DLC_ABI_H */
