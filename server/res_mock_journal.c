#include "res_mock_journal.h"

#include <limits.h>

#include "journal.h"
#include "view.h"

/* A page of the journal (docs/behaviour.md §6.3): 1,000 entries unless asked, 10,000 at most. */
#define JOURNAL_PAGE     1000
#define MAX_JOURNAL_PAGE 10000

/* GET /_mock/requests?limit=N: the journal, newest last. */
enum status res_mock_journal(struct req *rq, struct res *rs)
{
	struct journal_query q = {.tenant = query_get(&rq->query, "tenant")};
	struct apierr e;
	long limit, after;

	apierr_init(&e);
	if (req_param_long(rq, "limit", JOURNAL_PAGE, 1, MAX_JOURNAL_PAGE, &limit, &e) != 0 ||
	    req_param_long(rq, "after", 0, 0, LONG_MAX, &after, &e) != 0)
		return res_error(rs, &e);
	q.limit = (size_t)limit;
	q.after = (uint64_t)after;
	return res_ok(rs, view_journal(&q));
}
