/*
 * replay.c - run a fuzz target over files, without libFuzzer: make check
 * replays every corpus input and reproducer through each target, so a
 * fixed finding stays fixed.  usage: replay_NAME FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char *argv[])
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, k;

		if (fp == NULL) {
			perror(argv[i]);
			return 2;
		}
		do {
			if (len == cap) {
				cap = cap ? cap * 2 : 4096;
				if ((buf = realloc(buf, cap)) == NULL)
					return 2;
			}
			k = fread(buf + len, 1, cap - len, fp);
			len += k;
		} while (k > 0);
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	printf("%d inputs\n", n);
	return 0;
}
