#include "curlrt.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct curlrt api;
static int loaded;
static char why[256];

/* dlsym() returns an object pointer; POSIX guarantees it converts to a function pointer. */
#define BIND(field, name)                                                                          \
	do {                                                                                       \
		void *sym_ = dlsym(lib, name);                                                     \
		if (sym_ == NULL) {                                                                \
			snprintf(why, sizeof why, "libcurl lacks %s", name);                       \
			return;                                                                    \
		}                                                                                  \
		memcpy(&api.field, &sym_, sizeof sym_);                                            \
	} while (0)

static void load(void)
{
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (lib == NULL)
		lib = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		snprintf(why, sizeof why, "cannot load libcurl: %s", dlerror());
		return;
	}
	BIND(global_init, "curl_global_init");
	BIND(easy_init, "curl_easy_init");
	BIND(easy_setopt, "curl_easy_setopt");
	BIND(easy_perform, "curl_easy_perform");
	BIND(easy_getinfo, "curl_easy_getinfo");
	BIND(easy_reset, "curl_easy_reset");
	BIND(easy_cleanup, "curl_easy_cleanup");
	BIND(easy_strerror, "curl_easy_strerror");
	BIND(slist_append, "curl_slist_append");
	BIND(slist_free_all, "curl_slist_free_all");
	BIND(multi_init, "curl_multi_init");
	BIND(multi_setopt, "curl_multi_setopt");
	BIND(multi_add_handle, "curl_multi_add_handle");
	BIND(multi_remove_handle, "curl_multi_remove_handle");
	BIND(multi_perform, "curl_multi_perform");
	BIND(multi_poll, "curl_multi_poll");
	BIND(multi_wakeup, "curl_multi_wakeup");
	BIND(multi_info_read, "curl_multi_info_read");
	BIND(multi_cleanup, "curl_multi_cleanup");
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, sizeof why, "curl_global_init failed");
		return;
	}
	/* Never dlclose()d: libcurl stays for the life of the process. */
	loaded = 1;
}

const struct curlrt *curlrt_get(char *err, size_t errlen)
{
	pthread_once(&once, load);
	if (!loaded) {
		snprintf(err, errlen, "%s", why);
		return NULL;
	}
	return &api;
}
