#include "config.h"
#include "origin.h"
#include "unit.h"

/* docs/behaviour.md §6.5: the Host names the server, or the request is a rebinding page's. */
static void test_host(void)
{
	char *allowed[] = {"mdrmock", ".corp.test"};
	struct strlist saved = config.allowed_hosts;
	const char *saved_host = config.host;

	config.host = "127.0.0.1";
	config.allowed_hosts = (struct strlist){NULL, 0};
	CHECK(origin_host_ok(NULL)); /* HTTP/1.0: no browser */
	CHECK(origin_host_ok("127.0.0.1:12111"));
	CHECK(origin_host_ok("127.3.2.1"));
	CHECK(origin_host_ok("localhost"));
	CHECK(origin_host_ok("LocalHost:80"));
	CHECK(origin_host_ok("localhost."));
	CHECK(origin_host_ok("app.localhost:5173"));
	CHECK(origin_host_ok("[::1]:12111"));
	CHECK(origin_host_ok("[0:0:0:0:0:0:0:1]"));
	CHECK(origin_host_ok("host.docker.internal:12111"));
	CHECK(!origin_host_ok("evil.test"));
	CHECK(!origin_host_ok("evil.test:12111"));
	CHECK(!origin_host_ok("localhost.evil.test"));
	CHECK(!origin_host_ok("evillocalhost"));
	CHECK(!origin_host_ok("127.0.0.1.evil.test"));
	CHECK(!origin_host_ok("10.0.0.1"));
	CHECK(!origin_host_ok("[fe80::1]"));
	CHECK(!origin_host_ok("mdrmock"));
	CHECK(!origin_host_ok(""));
	CHECK(!origin_host_ok(":80"));
	CHECK(!origin_host_ok("localhost:"));
	CHECK(!origin_host_ok("localhost:8x"));
	CHECK(!origin_host_ok("localhost@evil.test"));
	CHECK(!origin_host_ok("[::1"));
	CHECK(!origin_host_ok("[::1]x"));
	CHECK(!origin_host_ok("local host"));
	config.allowed_hosts = (struct strlist){allowed, 2};
	CHECK(origin_host_ok("mdrmock:12111"));
	CHECK(origin_host_ok("MDRMOCK"));
	CHECK(origin_host_ok("corp.test"));
	CHECK(origin_host_ok("a.b.corp.test:8"));
	CHECK(!origin_host_ok("mdrmock.evil.test"));
	CHECK(!origin_host_ok("xcorp.test"));
	CHECK(!origin_host_ok("corp.test.evil"));
	/* Bound to every interface: any IP literal names it, names still do not. */
	config.host = "0.0.0.0";
	CHECK(origin_host_ok("192.168.1.10:12111"));
	CHECK(origin_host_ok("[fe80::1]"));
	CHECK(!origin_host_ok("evil.test"));
	/* Bound to one address: that one. */
	config.host = "192.168.1.10";
	CHECK(origin_host_ok("192.168.1.10:12111"));
	CHECK(!origin_host_ok("192.168.1.11"));
	config.host = "::1";
	CHECK(origin_host_ok("[::1]:1"));
	config.host = saved_host;
	config.allowed_hosts = saved;
}

static void test_loopback_and_own(void)
{
	CHECK(origin_is_loopback("http://localhost"));
	CHECK(origin_is_loopback("http://localhost:5173"));
	CHECK(origin_is_loopback("https://127.0.0.1:8443"));
	CHECK(origin_is_loopback("http://[::1]:3000"));
	CHECK(!origin_is_loopback("http://localhost.evil.test"));
	CHECK(!origin_is_loopback("http://127.0.0.2"));
	CHECK(!origin_is_loopback("ftp://localhost"));
	CHECK(!origin_is_loopback("http://localhost/x"));
	CHECK(!origin_is_loopback("http://user@localhost"));
	CHECK(!origin_is_loopback("null"));
	CHECK(!origin_is_loopback("http://"));
	CHECK(origin_is_own("http://127.0.0.1:12111", "127.0.0.1:12111"));
	CHECK(origin_is_own("http://LOCALHOST:12111", "localhost:12111"));
	CHECK(!origin_is_own("http://127.0.0.1:12112", "127.0.0.1:12111"));
	CHECK(!origin_is_own("http://127.0.0.1:12111", NULL));
	CHECK(!origin_is_own("http://127.0.0.1:12111/", "127.0.0.1:12111"));
}

/* What refuses a browser's request: an origin not admitted, or cross-site without one. */
static void test_check(void)
{
	char *control[] = {"http://tools.test"};
	struct strlist saved = config.control_origins, cors = config.cors_origins;
	const char *host = "127.0.0.1:12111";

	config.cors_origins = (struct strlist){NULL, 0};
	config.control_origins = (struct strlist){NULL, 0};
	/* Not a browser's call: no Origin, no Sec-Fetch-Site. */
	CHECK_INT(origin_check(NULL, NULL, NULL, host, ORIGIN_AREA_OWN, 0), 0);
	CHECK_INT(origin_check(NULL, "same-origin", "cors", host, ORIGIN_AREA_OWN, 0), 0);
	CHECK_INT(origin_check(NULL, "same-site", "no-cors", host, ORIGIN_AREA_OWN, 0), 0);
	CHECK_INT(origin_check(NULL, "none", "navigate", host, ORIGIN_AREA_OWN, 1), 0);
	CHECK_INT(origin_check(NULL, "cross-site", "no-cors", host, ORIGIN_AREA_OWN, 0), -1);
	CHECK_INT(origin_check(NULL, "Cross-Site", "no-cors", host, ORIGIN_AREA_API, 0), -1);
	CHECK_INT(origin_check(NULL, "cross-site", "navigate", host, ORIGIN_AREA_OWN, 1), 0);
	CHECK_INT(origin_check(NULL, "cross-site", "navigate", host, ORIGIN_AREA_OWN, 0), -1);
	CHECK_INT(
	    origin_check("http://127.0.0.1:12111", "same-origin", NULL, host, ORIGIN_AREA_OWN, 0),
	    0);
	CHECK_INT(
	    origin_check("http://localhost:5173", "cross-site", NULL, host, ORIGIN_AREA_API, 0), 0);
	CHECK_INT(origin_check("http://localhost:5173", NULL, NULL, host, ORIGIN_AREA_OWN, 0), -1);
	CHECK_INT(origin_check("http://tools.test", NULL, NULL, host, ORIGIN_AREA_OWN, 0), -1);
	config.control_origins = (struct strlist){control, 1};
	CHECK_INT(origin_check("http://tools.test", "cross-site", NULL, host, ORIGIN_AREA_OWN, 0),
	          0);
	CHECK_INT(origin_check("http://tools.test", NULL, NULL, host, ORIGIN_AREA_API, 0), -1);
	config.control_origins = saved;
	config.cors_origins = cors;
}

const struct unit_test unit_origin[] = {
    {"origin: the Host must name the server (DNS rebinding)", test_host},
    {"origin: loopback origins and the server's own", test_loopback_and_own},
    {"origin: a browser's request from another origin is refused", test_check},
    {NULL, NULL},
};
