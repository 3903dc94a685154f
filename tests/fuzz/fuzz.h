/*
 * fuzz.h - what the fuzz targets share: the bytes of one input as a file
 * (the readers open paths), opened once per process and rewritten per
 * input.  A target is built twice: with clang's libFuzzer (make fuzz) and
 * with the replay driver (replay.c), which make check runs over the
 * corpus and every reproducer.
 */
#ifndef WEIR_FUZZ_H
#define WEIR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as the content of one temporary file; its path. */
static inline const char *
fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	FILE *fp;

	if (path[0] == '\0') {
		int fd;

		snprintf(path, sizeof(path), "/tmp/weir-fuzz.XXXXXX");
		if ((fd = mkstemp(path)) == -1)
			abort();
		close(fd);
		weir_quiet = 1;
	}
	if ((fp = fopen(path, "wb")) == NULL ||
	    (size > 0 && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
		abort();
	return path;
}

#endif
