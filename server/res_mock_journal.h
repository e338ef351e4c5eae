/*
 * res_mock_journal: the request journal (docs/behaviour.md §6.3): GET /_mock/requests.
 * Calls: journal, req, view.
 */
#ifndef MDRMOCK_RES_MOCK_JOURNAL_H
#define MDRMOCK_RES_MOCK_JOURNAL_H

#include "req.h"

enum status res_mock_journal(struct req *rq, struct res *rs);

#endif
