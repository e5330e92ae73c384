/* run_model.c - run a compiled dlc model once from raw input files, in plain C.
 *
 * usage: run_model MODEL.so [INPUT.bin ...] [-o OUT_PREFIX] [--repeat N]
 *
 * Each INPUT.bin holds one input's elements as raw little-endian bytes, in the
 * model's input order; output N is written the same way to OUT_PREFIX<N>.bin
 * (default prefix "output_"). --repeat N then times N more runs of the same
 * session and prints their median. Links only dlc_runtime. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dlc/runtime.h"

/* Set by fail(): main prints it and exits non-zero. */
static char failure[1024];

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int
fail(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(failure, sizeof failure, format, args);
  va_end(args);
  return 0;
}

/* Consumes a status: returns 1 on success, else records its message. */
static int check(dlc_status *status, const char *what) {
  if (!status)
    return 1;
  fail("%s: %s", what, dlc_status_message(status));
  dlc_status_free(status);
  return 0;
}

static void print_info(const char *kind, size_t index, const dlc_tensor_info *info) {
  printf("%s %zu \"%s\" %s ", kind, index, info->name, dlc_dtype_name(info->dtype));
  if (info->rank == 0)
    printf("scalar");
  for (int32_t d = 0; d < info->rank; ++d)
    printf("%s%lld", d ? "x" : "", (long long)info->dims[d]);
  printf(" (%zu bytes)\n", info->byte_size);
}

/* Reads exactly `size` bytes of `path` into a new buffer (at least 1 byte). */
static void *read_input(const char *path, size_t size) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fail("cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  void *data = malloc(size ? size : 1);
  size_t got = data ? fread(data, 1, size, file) : 0;
  int longer = fgetc(file) != EOF;
  fclose(file);
  if (!data) {
    fail("out of memory reading %s", path);
    return NULL;
  }
  if (got != size || longer) {
    free(data);
    fail("%s does not hold exactly the %zu bytes its input needs", path, size);
    return NULL;
  }
  return data;
}

static int write_output(const char *path, const void *data, size_t size) {
  FILE *file = fopen(path, "wb");
  if (!file)
    return fail("cannot create %s: %s", path, strerror(errno));
  int ok = fwrite(data, 1, size, file) == size;
  ok = fclose(file) == 0 && ok;
  return ok ? 1 : fail("cannot write %s: %s", path, strerror(errno));
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Times `repeat` runs of `session` and prints the median. */
static int time_runs(dlc_session *session, const dlc_tensor *inputs, size_t num_inputs,
                     dlc_tensor *outputs, size_t num_outputs, long repeat) {
  double *times = malloc((size_t)repeat * sizeof *times);
  if (!times)
    return fail("out of memory");
  int ok = 1;
  for (long i = 0; ok && i < repeat; ++i) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    ok = check(dlc_session_run(session, inputs, num_inputs, outputs, num_outputs), "run failed");
    clock_gettime(CLOCK_MONOTONIC, &end);
    times[i] = (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6;
  }
  if (ok) {
    qsort(times, (size_t)repeat, sizeof *times, compare_doubles);
    printf("timing: %ld runs, median %.4f ms, min %.4f ms\n", repeat, times[repeat / 2], times[0]);
  }
  free(times);
  return ok;
}

/* Reads the inputs, runs the model once and writes its outputs. */
static int run(dlc_model *model, char **input_paths, const char *prefix, long repeat) {
  size_t num_inputs = dlc_model_input_count(model), num_outputs = dlc_model_output_count(model);
  dlc_tensor *inputs = calloc(num_inputs + 1, sizeof *inputs);
  dlc_tensor *outputs = calloc(num_outputs + 1, sizeof *outputs);
  dlc_session *session = NULL;
  int ok = inputs && outputs ? 1 : fail("out of memory");
  for (size_t i = 0; ok && i < num_inputs; ++i) {
    dlc_tensor_info info;
    ok = check(dlc_model_input_info(model, i, &info), "input info");
    if (ok) {
      print_info("input", i, &info);
      inputs[i] = (dlc_tensor){info.dtype, info.rank, info.dims, NULL, info.byte_size};
      inputs[i].data = read_input(input_paths[i], info.byte_size);
      ok = inputs[i].data != NULL;
    }
  }
  for (size_t i = 0; ok && i < num_outputs; ++i) {
    dlc_tensor_info info;
    ok = check(dlc_model_output_info(model, i, &info), "output info");
    if (ok) {
      print_info("output", i, &info);
      outputs[i] = (dlc_tensor){info.dtype, info.rank, info.dims, NULL, info.byte_size};
      outputs[i].data = malloc(info.byte_size ? info.byte_size : 1);
      ok = outputs[i].data ? 1 : fail("out of memory");
    }
  }
  ok = ok && check(dlc_session_create(model, &session), "cannot create a session");
  ok =
      ok && check(dlc_session_run(session, inputs, num_inputs, outputs, num_outputs), "run failed");
  for (size_t i = 0; ok && i < num_outputs; ++i) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s%zu.bin", prefix, i) >= sizeof path)
      ok = fail("output prefix %s is too long", prefix);
    else
      ok = write_output(path, outputs[i].data, outputs[i].byte_size);
  }
  if (ok)
    printf("ran %zu input(s), wrote %zu output(s) to %s<N>.bin\n", num_inputs, num_outputs, prefix);
  if (ok && repeat > 0)
    ok = time_runs(session, inputs, num_inputs, outputs, num_outputs, repeat);
  dlc_session_release(session);
  for (size_t i = 0; inputs && i < num_inputs; ++i)
    free(inputs[i].data);
  for (size_t i = 0; outputs && i < num_outputs; ++i)
    free(outputs[i].data);
  free(inputs);
  free(outputs);
  return ok;
}

int main(int argc, char **argv) {
  const char *prefix = "output_";
  const char *model_path = NULL;
  long repeat = 0;
  char **input_paths = calloc((size_t)argc, sizeof *input_paths);
  size_t num_paths = 0;
  int ok = input_paths ? 1 : fail("out of memory");
  for (int i = 1; ok && i < argc; ++i) {
    if (strcmp(argv[i], "-o") == 0) {
      if (i + 1 == argc)
        ok = fail("-o needs an output prefix");
      else
        prefix = argv[++i];
    } else if (strcmp(argv[i], "--repeat") == 0) {
      char *end = NULL;
      repeat = i + 1 < argc ? strtol(argv[++i], &end, 10) : 0;
      if (repeat <= 0 || repeat > 1000000 || !end || *end)
        ok = fail("--repeat needs a count from 1 to 1000000");
    } else if (!model_path) {
      model_path = argv[i];
    } else {
      input_paths[num_paths++] = argv[i];
    }
  }
  if (ok && !model_path) {
    fprintf(stderr, "usage: %s MODEL.so [INPUT.bin ...] [-o OUT_PREFIX] [--repeat N]\n", argv[0]);
    free(input_paths);
    return 2;
  }
  dlc_model *model = NULL;
  ok = ok && check(dlc_model_load(model_path, &model), "cannot load the model");
  if (ok && num_paths != dlc_model_input_count(model))
    ok = fail("%s: %zu input file(s) for %zu input(s)", model_path, num_paths,
              dlc_model_input_count(model));
  ok = ok && run(model, input_paths, prefix, repeat);
  dlc_model_release(model);
  free(input_paths);
  if (!ok) {
    fprintf(stderr, "run_model: %s\n", failure);
    return 1;
  }
  return 0;
}
