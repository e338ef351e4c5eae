/*
 * startup: the time from exec to the ready line, median of N runs.
 *   startup N BINARY [ARGS...]
 * Forks, execs the binary with stdout on a pipe, and stops the clock when
 * the first newline arrives; then SIGTERMs it and waits.  Prints the median,
 * the minimum and the maximum in ms.  Measured here rather than from Node,
 * whose own spawn costs several milliseconds.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[1]) : 0;
	double *t;

	if (n < 1) {
		fprintf(stderr, "usage: startup N BINARY [ARGS...]\n");
		return 2;
	}
	t = calloc((size_t)n, sizeof *t);
	for (int i = 0; i < n; i++) {
		int fd[2], status;
		char c = 0;
		double t0;
		pid_t pid;

		if (pipe(fd) != 0)
			return 1;
		t0 = now_ms();
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", 1);

			dup2(fd[1], 1);
			dup2(null, 2);
			close(fd[0]);
			execv(argv[2], argv + 2);
			_exit(127);
		}
		close(fd[1]);
		while (read(fd[0], &c, 1) == 1 && c != '\n')
			;
		t[i] = now_ms() - t0;
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
		close(fd[0]);
		if (c != '\n') {
			fprintf(stderr, "startup: no ready line\n");
			return 1;
		}
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("%.2f %.2f %.2f\n", t[n / 2], t[0], t[n - 1]);
	free(t);
	return 0;
}
