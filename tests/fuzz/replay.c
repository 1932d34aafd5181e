/* SPDX-License-Identifier: ISC */
/* replay: run a fuzz target over checked-in inputs, without libFuzzer.
 *
 *   build/tests/replay_<name> [FILE|DIR ...]
 *
 * With no argument it replays tests/fuzz/corpus/<name>/ (FUZZ_NAME, set at
 * compile time), relative to the current directory (make test runs at the
 * top). Every input is copied into a malloc of exactly its size, so a read
 * past its end is caught under ASan (make SAN=1 test), the c-ares ares-fuzz.c
 * way. Prints the unit-test summary line "<name>: N passed, 0 failed"; a
 * crash is the failure (the summary never appears). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must be defined"
#endif
#define STR2(x) #x
#define STR(x) STR2(x)

static int replayed, unreadable;

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0) {
		printf("not ok - replay %s: %s\n", path, strerror(errno));
		unreadable++;
		if (f) fclose(f);
		return;
	}
	size_t size = (size_t)st.st_size;
	uint8_t *data = malloc(size ? size : 1);
	if (!data || fread(data, 1, size, f) != size) {
		printf("not ok - replay %s: short read\n", path);
		unreadable++;
		fclose(f);
		free(data);
		return;
	}
	fclose(f);
	if (size == 0) {          /* exact size: a zero-byte malloc */
		free(data);
		data = malloc(0);
	}
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	replayed++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("not ok - replay %s: %s\n", path, strerror(errno));
		unreadable++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	if (!d) {
		printf("not ok - replay %s: %s\n", path, strerror(errno));
		unreadable++;
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof *names);
			if (!names) { perror("realloc"); exit(111); }
		}
		size_t len = strlen(path) + strlen(de->d_name) + 2;
		names[n] = malloc(len);
		if (!names[n]) { perror("malloc"); exit(111); }
		snprintf(names[n++], len, "%s/%s", path, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		replay_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		replay_path("tests/fuzz/corpus/" STR(FUZZ_NAME));
	for (int i = 1; i < argc; i++)
		replay_path(argv[i]);
	if (replayed == 0 && unreadable == 0) {
		printf("not ok - replay " STR(FUZZ_NAME) ": empty corpus\n");
		unreadable++;
	}
	printf("replay_" STR(FUZZ_NAME) ": %d passed, %d failed\n", replayed, unreadable);
	return unreadable ? 1 : 0;
}
