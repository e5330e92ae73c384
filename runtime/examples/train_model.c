/* train_model.c - train a dlc training artifact through the runtime alone, in
 * plain C: load it, create a session, run train_step over the data, evaluate,
 * and read the trained params out.
 *
 * usage: train_model MODEL.so [--epochs N] [--lr RATE] [--save PREFIX] [--time] DATA.bin...
 *
 * The model needs the entries train_step(inputs..., labels) -> loss (an f32
 * scalar first) and, to be evaluated, eval with the same inputs. There is one
 * DATA.bin per train_step input, in its order (the labels last); each holds
 * whole batches of that input's raw little-endian elements back to back, and
 * all hold the same number of batches. Every epoch runs train_step on each
 * batch in file order and prints the mean loss; --time then prints the median
 * time of a train_step (the epochs after the first, or all of them if there
 * is only one). --lr writes the state param
 * optimizer.lr first. Then eval runs on every batch: its f32 scalar outputs
 * are averaged over the batches, its integer scalar outputs (e.g. the number
 * of correct predictions) summed. Last, every state param is listed, and with
 * --save written to PREFIX<N>.bin, N its index in the param table. Links only
 * dlc_runtime. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
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

static void print_dims(const dlc_tensor_info *info) {
  if (info->rank == 0)
    printf("scalar");
  for (int32_t d = 0; d < info->rank; ++d)
    printf("%s%lld", d ? "x" : "", (long long)info->dims[d]);
}

/* The whole of `path` in a new buffer (at least 1 byte) and its size. */
static void *read_file(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fail("cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  size_t capacity = 1 << 16, used = 0;
  char *data = malloc(capacity);
  while (data) {
    used += fread(data + used, 1, capacity - used, file);
    if (used < capacity)
      break;
    char *grown = realloc(data, capacity *= 2);
    if (!grown)
      free(data);
    data = grown;
  }
  int error = ferror(file);
  fclose(file);
  if (!data) {
    fail("out of memory reading %s", path);
    return NULL;
  }
  if (error) {
    free(data);
    fail("cannot read %s", path);
    return NULL;
  }
  *size = used;
  return data;
}

static int write_file(const char *path, const void *data, size_t size) {
  FILE *file = fopen(path, "wb");
  if (!file)
    return fail("cannot create %s: %s", path, strerror(errno));
  int ok = fwrite(data, 1, size, file) == size;
  ok = fclose(file) == 0 && ok;
  return ok ? 1 : fail("cannot write %s: %s", path, strerror(errno));
}

/* The tensors of one entry, with buffers for its outputs. */
struct entry_io {
  const char *name;
  size_t index;
  size_t num_inputs, num_outputs;
  dlc_tensor *inputs;  /* data points into the loaded batches */
  dlc_tensor *outputs; /* data owned here */
};

static int describe_entry(dlc_model *model, const char *name, struct entry_io *io) {
  io->name = name;
  if (!check(dlc_model_find_entry(model, name, &io->index), "the model cannot be trained"))
    return 0;
  io->num_inputs = dlc_model_entry_input_count(model, io->index);
  io->num_outputs = dlc_model_entry_output_count(model, io->index);
  io->inputs = calloc(io->num_inputs + 1, sizeof *io->inputs);
  io->outputs = calloc(io->num_outputs + 1, sizeof *io->outputs);
  if (!io->inputs || !io->outputs)
    return fail("out of memory");
  for (size_t i = 0; i < io->num_inputs; ++i) {
    dlc_tensor_info info;
    if (!check(dlc_model_entry_input_info(model, io->index, i, &info), "input info"))
      return 0;
    io->inputs[i] = (dlc_tensor){info.dtype, info.rank, info.dims, NULL, info.byte_size};
  }
  for (size_t i = 0; i < io->num_outputs; ++i) {
    dlc_tensor_info info;
    if (!check(dlc_model_entry_output_info(model, io->index, i, &info), "output info"))
      return 0;
    io->outputs[i] = (dlc_tensor){info.dtype, info.rank, info.dims, NULL, info.byte_size};
    io->outputs[i].data = malloc(info.byte_size ? info.byte_size : 1);
    if (!io->outputs[i].data)
      return fail("out of memory");
  }
  return 1;
}

static void free_entry(struct entry_io *io) {
  for (size_t i = 0; io->outputs && i < io->num_outputs; ++i)
    free(io->outputs[i].data);
  free(io->inputs);
  free(io->outputs);
}

/* The training data: one buffer per train_step input, `batches` batches each. */
struct data {
  char **files;
  size_t count;
  size_t batches;
};

static int load_data(const struct entry_io *train, char **paths, size_t num_paths,
                     struct data *data) {
  if (num_paths != train->num_inputs)
    return fail("%zu data file(s) for the %zu input(s) of train_step", num_paths,
                train->num_inputs);
  data->files = calloc(num_paths + 1, sizeof *data->files);
  if (!data->files)
    return fail("out of memory");
  data->count = num_paths;
  for (size_t i = 0; i < num_paths; ++i) {
    size_t size = 0, batch = train->inputs[i].byte_size;
    data->files[i] = read_file(paths[i], &size);
    if (!data->files[i])
      return 0;
    if (batch == 0 || size == 0 || size % batch != 0)
      return fail("%s holds %zu bytes, not whole batches of %zu bytes", paths[i], size, batch);
    if (i > 0 && size / batch != data->batches)
      return fail("%s holds %zu batch(es) but %s holds %zu", paths[i], size / batch, paths[0],
                  data->batches);
    data->batches = size / batch;
  }
  return 1;
}

static void point_at_batch(struct entry_io *io, const struct data *data, size_t batch) {
  for (size_t i = 0; i < io->num_inputs; ++i)
    io->inputs[i].data = data->files[i] + batch * io->inputs[i].byte_size;
}

static double now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e3 + (double)now.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int train(dlc_session *session, struct entry_io *io, const struct data *data, int epochs,
                 int time) {
  if (io->num_outputs == 0 || io->outputs[0].dtype != DLC_DTYPE_F32 || io->outputs[0].rank != 0)
    return fail("train_step's first output is not an f32 scalar loss");
  /* The first epoch warms up (caches, a GPU's graphs) unless it is the only one. */
  size_t timed = (size_t)(epochs > 1 ? epochs - 1 : 1) * data->batches, steps = 0;
  double *times = time ? malloc(timed * sizeof *times) : NULL;
  if (time && !times)
    return fail("out of memory");
  int ok = 1;
  for (int epoch = 1; ok && epoch <= epochs; ++epoch) {
    double total = 0;
    for (size_t b = 0; ok && b < data->batches; ++b) {
      point_at_batch(io, data, b);
      double start = now_ms();
      ok = check(dlc_session_run_entry(session, io->name, io->inputs, io->num_inputs, io->outputs,
                                       io->num_outputs),
                 "train_step failed");
      if (times && (epoch > 1 || epochs == 1))
        times[steps++] = now_ms() - start;
      total += ok ? *(const float *)io->outputs[0].data : 0;
    }
    if (ok)
      printf("epoch %d: mean loss %.6f\n", epoch, total / (double)data->batches);
  }
  if (ok && times) {
    qsort(times, steps, sizeof *times, compare_doubles);
    printf("train_step: %zu steps, median %.4f ms\n", steps, times[steps / 2]);
  }
  free(times);
  return ok;
}

/* Runs eval on every batch and prints its scalar outputs. */
static int evaluate(dlc_model *model, dlc_session *session, struct entry_io *io,
                    const struct entry_io *train_io, const struct data *data) {
  /* The data is cut into batches of train_step's input sizes. */
  if (io->num_inputs != train_io->num_inputs)
    return fail("eval takes %zu input(s), train_step %zu", io->num_inputs, train_io->num_inputs);
  for (size_t i = 0; i < io->num_inputs; ++i)
    if (io->inputs[i].byte_size != train_io->inputs[i].byte_size)
      return fail("eval's input %zu has %zu bytes, train_step's %zu", i, io->inputs[i].byte_size,
                  train_io->inputs[i].byte_size);
  double *totals = calloc(io->num_outputs + 1, sizeof *totals);
  if (!totals)
    return fail("out of memory");
  int ok = 1;
  for (size_t b = 0; ok && b < data->batches; ++b) {
    point_at_batch(io, data, b);
    ok = check(dlc_session_run_entry(session, io->name, io->inputs, io->num_inputs, io->outputs,
                                     io->num_outputs),
               "eval failed");
    for (size_t i = 0; ok && i < io->num_outputs; ++i) {
      const void *value = io->outputs[i].data;
      if (io->outputs[i].rank != 0)
        continue;
      if (io->outputs[i].dtype == DLC_DTYPE_F32)
        totals[i] += *(const float *)value / (double)data->batches;
      else if (io->outputs[i].dtype == DLC_DTYPE_I64)
        totals[i] += (double)*(const int64_t *)value;
      else if (io->outputs[i].dtype == DLC_DTYPE_I32)
        totals[i] += *(const int32_t *)value;
    }
  }
  if (ok) {
    printf("eval over %zu batch(es):", data->batches);
    for (size_t i = 0; ok && i < io->num_outputs; ++i) {
      dlc_tensor_info info;
      ok = check(dlc_model_entry_output_info(model, io->index, i, &info), "output info");
      if (ok && info.rank == 0 && info.dtype == DLC_DTYPE_F32)
        printf(" %s %.6f", info.name, totals[i]);
      else if (ok && info.rank == 0 && (info.dtype == DLC_DTYPE_I64 || info.dtype == DLC_DTYPE_I32))
        printf(" %s %.0f", info.name, totals[i]);
    }
    printf("\n");
  }
  free(totals);
  return ok;
}

/* Lists every state param and, with a prefix, saves its trained value. */
static int save_state(dlc_model *model, dlc_session *session, const char *prefix) {
  int ok = 1;
  for (size_t p = 0; ok && p < dlc_model_param_count(model); ++p) {
    dlc_tensor_info info;
    ok = check(dlc_model_param_info(model, p, &info), "param info");
    if (!ok || !dlc_model_param_is_state(model, p))
      continue;
    printf("state %zu \"%s\" %s ", p, info.name, dlc_dtype_name(info.dtype));
    print_dims(&info);
    printf("\n");
    if (!prefix)
      continue;
    dlc_tensor value = {info.dtype, info.rank, info.dims,
                        malloc(info.byte_size ? info.byte_size : 1), info.byte_size};
    char path[4096];
    if (!value.data)
      ok = fail("out of memory");
    else if ((size_t)snprintf(path, sizeof path, "%s%zu.bin", prefix, p) >= sizeof path)
      ok = fail("the prefix %s is too long", prefix);
    else
      ok = check(dlc_session_read_param(session, info.name, &value), "cannot read a param") &&
           write_file(path, value.data, value.byte_size);
    free(value.data);
  }
  return ok;
}

/* Writes `rate` to the state param optimizer.lr (an f32 scalar). */
static int set_learning_rate(dlc_session *session, float rate) {
  dlc_tensor value = {DLC_DTYPE_F32, 0, NULL, &rate, sizeof rate};
  return check(dlc_session_write_param(session, "optimizer.lr", &value), "--lr");
}

/* What the command line asks for. */
struct options {
  const char *model_path;
  const char *save_prefix;
  int epochs;
  int set_lr;
  int time;
  float lr;
  char **data_paths;
  size_t num_data_paths;
};

static int parse_options(int argc, char **argv, struct options *o) {
  o->epochs = 1;
  o->data_paths = calloc((size_t)argc, sizeof *o->data_paths);
  if (!o->data_paths)
    return fail("out of memory");
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    int takes_value = !strcmp(arg, "--epochs") || !strcmp(arg, "--lr") || !strcmp(arg, "--save");
    if (takes_value && i + 1 == argc)
      return fail("%s needs a value", arg);
    char *end = NULL;
    if (!strcmp(arg, "--epochs")) {
      long epochs = strtol(argv[++i], &end, 10);
      if (*end || epochs < 1 || epochs > 1000000)
        return fail("--epochs takes a whole number from 1, got %s", argv[i]);
      o->epochs = (int)epochs;
    } else if (!strcmp(arg, "--lr")) {
      o->lr = strtof(argv[++i], &end);
      if (*end || end == argv[i])
        return fail("--lr takes a number, got %s", argv[i]);
      o->set_lr = 1;
    } else if (!strcmp(arg, "--save")) {
      o->save_prefix = argv[++i];
    } else if (!strcmp(arg, "--time")) {
      o->time = 1;
    } else if (!o->model_path) {
      o->model_path = arg;
    } else {
      o->data_paths[o->num_data_paths++] = argv[i];
    }
  }
  return 1;
}

int main(int argc, char **argv) {
  struct options options = {0};
  int ok = parse_options(argc, argv, &options);
  if (ok && !options.model_path) {
    fprintf(stderr, "usage: %s MODEL.so [--epochs N] [--lr RATE] [--save PREFIX] [--time] "
            "DATA.bin...\n",
            argv[0]);
    free(options.data_paths);
    return 2;
  }
  dlc_model *model = NULL;
  dlc_session *session = NULL;
  struct entry_io train_io = {0}, eval_io = {0};
  struct data data = {0};
  ok = ok && check(dlc_model_load(options.model_path, &model), "cannot load the model");
  ok = ok && describe_entry(model, "train_step", &train_io);
  ok = ok && load_data(&train_io, options.data_paths, options.num_data_paths, &data);
  ok = ok && check(dlc_session_create(model, &session), "cannot create a session");
  ok = ok && (!options.set_lr || set_learning_rate(session, options.lr));
  ok = ok && train(session, &train_io, &data, options.epochs, options.time);
  size_t eval_index;
  dlc_status *no_eval = ok ? dlc_model_find_entry(model, "eval", &eval_index) : NULL;
  if (ok && !no_eval)
    ok = describe_entry(model, "eval", &eval_io) &&
         evaluate(model, session, &eval_io, &train_io, &data);
  dlc_status_free(no_eval);
  ok = ok && save_state(model, session, options.save_prefix);

  for (size_t i = 0; data.files && i < data.count; ++i)
    free(data.files[i]);
  free(data.files);
  free_entry(&train_io);
  free_entry(&eval_io);
  dlc_session_release(session);
  dlc_model_release(model);
  free(options.data_paths);
  if (!ok) {
    fprintf(stderr, "train_model: %s\n", failure);
    return 1;
  }
  return 0;
}
