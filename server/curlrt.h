/*
 * curlrt: libcurl, loaded when first needed.  Linking libcurl pulls in
 * some twenty more shared libraries (TLS, HTTP/2, IDN, LDAP, Kerberos...),
 * which doubled the time from exec to the ready line; a server that never
 * delivers a webhook should not pay for them.  So libcurl is dlopen()ed on
 * the first delivery (or healthcheck), and called through this table.
 * The headers still come from libcurl's -dev package.
 * Calls: libdl, libcurl (its headers).
 */
#ifndef MDRMOCK_CURLRT_H
#define MDRMOCK_CURLRT_H

#include <curl/curl.h>
#include <stddef.h>

struct curlrt {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *h);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	void (*easy_reset)(CURL *h);
	void (*easy_cleanup)(CURL *h);
	const char *(*easy_strerror)(CURLcode rc);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *h);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *h);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd *extra, unsigned n, int timeout_ms,
	                        int *numfds);
	CURLMcode (*multi_wakeup)(CURLM *m);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURLMcode (*multi_cleanup)(CURLM *m);
};

/*
 * Loads libcurl (once; thread-safe) and calls curl_global_init().  Returns
 * the table, or NULL with a reason in err.
 */
const struct curlrt *curlrt_get(char *err, size_t errlen);

#endif
