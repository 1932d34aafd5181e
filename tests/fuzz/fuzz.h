/* SPDX-License-Identifier: ISC */
/* Shared by the fuzz targets and the replay driver. Each fuzz_<name>.c
 * defines LLVMFuzzerTestOneInput; libFuzzer drives it under `make fuzz`
 * (clang -fsanitize=fuzzer,address,undefined), replay.c drives it under the
 * normal compiler in `make test` over tests/fuzz/corpus/<name>/. */
#ifndef FUZZ_H
#define FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
