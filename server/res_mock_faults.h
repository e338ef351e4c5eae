/*
 * res_mock_faults: injected faults (docs/behaviour.md §6): POST, GET and DELETE /_mock/faults,
 * DELETE
 * /_mock/faults/{id}; API faults and report faults.
 * Calls: clock, control, fault, ids, jsonin, report, req, store, util, view, jansson.
 */
#ifndef MDRMOCK_RES_MOCK_FAULTS_H
#define MDRMOCK_RES_MOCK_FAULTS_H

#include "req.h"

enum status res_mock_faults_add(struct req *rq, struct res *rs);
enum status res_mock_faults_list(struct req *rq, struct res *rs);
enum status res_mock_faults_clear(struct req *rq, struct res *rs);
enum status res_mock_faults_delete(struct req *rq, struct res *rs);

#endif
