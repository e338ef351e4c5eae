#include "notify.h"

#include <stddef.h>

static void (*listener)(void);

void notify_set_listener(void (*fn)(void))
{
	listener = fn;
}

void notify_bump(void)
{
	if (listener != NULL)
		listener();
}
