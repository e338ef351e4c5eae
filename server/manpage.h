/*
 * manpage: `mdrmock --man`, the manual page installed as mdrmock(1): what the
 * server serves, every option and its variable (from config's table), the
 * control API, the environment, files, exit status and examples, in roff.
 * Calls: config.
 */
#ifndef MDRMOCK_MANPAGE_H
#define MDRMOCK_MANPAGE_H

/* Writes the whole page to file (a FILE *). */
void manpage_write(void *file);

#endif
