/* dlc runtime C API: load a compiled model artifact, create sessions, run them.
 *
 * Thread-safety:
 *  - dlc_model: immutable once loaded. Any number of threads may query it and
 *    create sessions from it concurrently. Release it only after every session
 *    created from it has been released.
 *  - dlc_session: owns its arena and its state (the writable params that
 *    training entries update, initialised from the artifact's weights when
 *    the session is created). One thread at a time may use a given session;
 *    distinct sessions run concurrently and never share state.
 *  - dlc_status: owned by the caller; free it with dlc_status_free.
 *
 * Every function that can fail returns a dlc_status*: NULL means success, and
 * anything else describes the failure and must be freed. Out parameters are
 * written only on success.
 */
#ifndef DLC_RUNTIME_H
#define DLC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "dlc/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__cplusplus) && __cplusplus >= 201703L
#define DLC_MUST_USE [[nodiscard]]
#elif defined(__GNUC__)
#define DLC_MUST_USE __attribute__((warn_unused_result))
#else
#define DLC_MUST_USE
#endif

typedef enum dlc_status_code {
  DLC_OK = 0,
  DLC_INVALID_ARGUMENT = 1, /* wrong count, shape, dtype, or a NULL pointer */
  DLC_NOT_FOUND = 2,        /* a file or symbol that is not there */
  DLC_INVALID_ARTIFACT = 3, /* truncated, foreign, corrupted or wrong ABI */
  DLC_UNSUPPORTED = 4,      /* e.g. CPU features this machine lacks */
  DLC_RESOURCE_EXHAUSTED = 5,
  DLC_INTERNAL = 6,         /* generated code reported a failure */
} dlc_status_code;

typedef struct dlc_status dlc_status;
typedef struct dlc_model dlc_model;
typedef struct dlc_session dlc_session;

/* A tensor the caller owns. dims has rank entries; data holds the elements
 * densely in row-major order and byte_size is its size in bytes. */
typedef struct dlc_tensor {
  dlc_dtype dtype;
  int32_t rank;
  const int64_t *dims;
  void *data;
  size_t byte_size;
} dlc_tensor;

/* Describes one input, output or parameter of a model. The strings and dims
 * stay valid as long as the model does. */
typedef struct dlc_tensor_info {
  const char *name;
  dlc_dtype dtype;
  int32_t rank;
  const int64_t *dims;
  size_t byte_size;
} dlc_tensor_info;

/* ---- status ---- */
dlc_status_code dlc_status_get_code(const dlc_status *status);
/* The message of a failure; "" for NULL (success). */
const char *dlc_status_message(const dlc_status *status);
void dlc_status_free(dlc_status *status);

/* ---- dtypes ---- */
/* Bytes per element, 0 for an unknown dtype. */
size_t dlc_dtype_size(dlc_dtype dtype);
/* A short name ("f32", "i64", ...), "?" for an unknown dtype. */
const char *dlc_dtype_name(dlc_dtype dtype);

/* ---- model ---- */
/* Validates the artifact (trailer, size, content hash, ABI version, CPU
 * features) before loading its code. */
DLC_MUST_USE dlc_status *dlc_model_load(const char *path, dlc_model **out_model);
void dlc_model_release(dlc_model *model);

size_t dlc_model_input_count(const dlc_model *model);
size_t dlc_model_output_count(const dlc_model *model);
size_t dlc_model_param_count(const dlc_model *model);
DLC_MUST_USE dlc_status *dlc_model_input_info(const dlc_model *model, size_t index,
                                              dlc_tensor_info *out_info);
DLC_MUST_USE dlc_status *dlc_model_output_info(const dlc_model *model, size_t index,
                                               dlc_tensor_info *out_info);
DLC_MUST_USE dlc_status *dlc_model_param_info(const dlc_model *model, size_t index,
                                              dlc_tensor_info *out_info);
/* Whether param `index` is session state (updated by training entries,
 * written by dlc_session_write_param) rather than a read-only weight: 1 or 0,
 * and 0 for an index out of range. */
int dlc_model_param_is_state(const dlc_model *model, size_t index);

/* ---- entries ----
 * A model exports named entries: "run" (inference) always, and for training
 * artifacts "train_step" and "eval". Entry 0 is "run"; the input/output
 * functions above describe it. */
size_t dlc_model_entry_count(const dlc_model *model);
/* The name of entry `index`, or NULL when out of range. */
const char *dlc_model_entry_name(const dlc_model *model, size_t index);
/* The index of the entry called `name`; DLC_NOT_FOUND if there is none. */
DLC_MUST_USE dlc_status *dlc_model_find_entry(const dlc_model *model, const char *name,
                                              size_t *out_index);
/* Counts and descriptions of an entry's inputs and outputs (the outputs the
 * caller provides: not the param updates, which the runtime handles). */
size_t dlc_model_entry_input_count(const dlc_model *model, size_t entry);
size_t dlc_model_entry_output_count(const dlc_model *model, size_t entry);
DLC_MUST_USE dlc_status *dlc_model_entry_input_info(const dlc_model *model, size_t entry,
                                                    size_t index, dlc_tensor_info *out_info);
DLC_MUST_USE dlc_status *dlc_model_entry_output_info(const dlc_model *model, size_t entry,
                                                     size_t index, dlc_tensor_info *out_info);

/* Bytes of scratch memory each session allocates. */
size_t dlc_model_arena_bytes(const dlc_model *model);
/* The content hash recorded in the artifact's trailer. */
uint64_t dlc_model_content_hash(const dlc_model *model);

/* ---- session ---- */
DLC_MUST_USE dlc_status *dlc_session_create(dlc_model *model, dlc_session **out_session);
void dlc_session_release(dlc_session *session);

/* Runs this session's parallel loops on at most `threads` threads, the
 * calling one included; 0 (the default) means every core the process may
 * use. All sessions share one pool of worker threads, so several sessions
 * never start more threads than there are cores. */
DLC_MUST_USE dlc_status *dlc_session_set_threads(dlc_session *session, unsigned threads);

/* Runs the model's "run" entry. inputs and outputs are in the model's order;
 * their counts, dtypes and dims must match the model exactly and their
 * byte_size must be the full tensor size. Outputs are written in place. */
DLC_MUST_USE dlc_status *dlc_session_run(dlc_session *session, const dlc_tensor *inputs,
                                         size_t num_inputs, dlc_tensor *outputs,
                                         size_t num_outputs);

/* Runs the entry called `entry` (see dlc_session_run for the rules on inputs
 * and outputs; DLC_NOT_FOUND if the model has no such entry). The params it
 * updates change in this session only, and only when it succeeds: the entry
 * writes their new values into second buffers that the runtime swaps in. */
DLC_MUST_USE dlc_status *dlc_session_run_entry(dlc_session *session, const char *entry,
                                               const dlc_tensor *inputs, size_t num_inputs,
                                               dlc_tensor *outputs, size_t num_outputs);

/* Copies the session's current value of the param called `name` (state or
 * read-only weight) into `out` (dtype, dims and byte_size must match the
 * param), e.g. to save a checkpoint. DLC_NOT_FOUND if there is no such param. */
DLC_MUST_USE dlc_status *dlc_session_read_param(dlc_session *session, const char *name,
                                                dlc_tensor *out);
/* Replaces the session's value of the param called `name` with a copy of
 * `value` (dtype, dims and byte_size must match), e.g. to load pretrained
 * weights, resume from a checkpoint or set optimizer.lr. A read-only weight
 * first becomes a private copy of this session's: other sessions and the
 * model keep the artifact's value. */
DLC_MUST_USE dlc_status *dlc_session_write_param(dlc_session *session, const char *name,
                                                 const dlc_tensor *value);

/* The runtime's version, "MAJOR.MINOR.PATCH". */
const char *dlc_runtime_version(void);

#ifdef __cplusplus
}
#endif

#endif /* DLC_RUNTIME_H */
