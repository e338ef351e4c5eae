/*
 * routes: the table of contents of the HTTP surface, one line per endpoint
 * (docs/design.md §3).  The gate in router.c reads the flags; see router.h.
 */
#include "res_messages.h"
#include "res_mock_clock.h"
#include "res_mock_events.h"
#include "res_mock_faults.h"
#include "res_mock_journal.h"
#include "res_mock_messages.h"
#include "res_mock_profiles.h"
#include "res_mock_reports.h"
#include "res_mock_server.h"
#include "res_mock_tenants.h"
#include "res_mock_webhooks.h"
#include "res_numbers.h"
#include "res_profiles.h"
#include "res_records.h"
#include "res_reports.h"
#include "res_ui.h"
#include "res_usage.h"
#include "router.h"

const struct route routes[] = {
    /* Messaging, v2 (docs/behaviour.md §2). */
    {METHOD_POST, "/v2/messages", res_messages_send, ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_POST, "/v2/messages/long_code", res_messages_send_long_code,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_POST, "/v2/messages/short_code", res_messages_send_short_code,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_POST, "/v2/messages/number_pool", res_messages_send_number_pool,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_POST, "/v2/messages/alphanumeric_sender_id", res_messages_send_alphanumeric,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_POST, "/v2/messages/schedule", res_messages_schedule, ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_POST, "/v2/messages/group_mms", res_messages_group_mms, ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_GET, "/v2/messages/group/{message_id}", res_messages_group, ROUTE_AUTH_V2},
    {METHOD_POST, "/v2/messages/whatsapp", res_messages_other_channel,
     ROUTE_AUTH_V2 | ROUTE_BODY_OPTIONAL},
    {METHOD_POST, "/v2/messages/rcs", res_messages_other_channel,
     ROUTE_AUTH_V2 | ROUTE_BODY_OPTIONAL},
    {METHOD_GET, "/v2/messages/rcs/deeplinks/{agent_id}", res_messages_other_channel,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/messages/{id}", res_messages_get, ROUTE_AUTH_V2},
    {METHOD_DELETE, "/v2/messages/{id}", res_messages_cancel, ROUTE_AUTH_V2},

    /* Messaging profiles, numbers and opt-outs (docs/behaviour.md §2.5). */
    {METHOD_GET, "/v2/messaging_profiles", res_profiles_list, ROUTE_AUTH_V2},
    {METHOD_POST, "/v2/messaging_profiles", res_profiles_create, ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_GET, "/v2/messaging_profiles/{id}", res_profiles_get, ROUTE_AUTH_V2},
    {METHOD_PATCH, "/v2/messaging_profiles/{id}", res_profiles_update, ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_DELETE, "/v2/messaging_profiles/{id}", res_profiles_delete, ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/messaging_profiles/{id}/phone_numbers", res_profiles_numbers, ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/messaging_profiles/{id}/short_codes", res_profiles_short_codes,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/messaging_profiles/{id}/alphanumeric_sender_ids", res_profiles_sender_ids,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/messaging_profiles/{id}/metrics", res_profiles_metrics, ROUTE_AUTH_V2},
    {METHOD_POST, "/v2/messaging_profiles/{id}/actions/regenerate_secret", res_profiles_regenerate,
     ROUTE_AUTH_V2 | ROUTE_BODY_OPTIONAL},
    {METHOD_GET, "/v2/messaging_profiles/{id}/autoresp_configs", res_autoresp_list, ROUTE_AUTH_V2},
    {METHOD_POST, "/v2/messaging_profiles/{id}/autoresp_configs", res_autoresp_create,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_GET, "/v2/messaging_profiles/{id}/autoresp_configs/{cfg}", res_autoresp_get,
     ROUTE_AUTH_V2},
    {METHOD_PUT, "/v2/messaging_profiles/{id}/autoresp_configs/{cfg}", res_autoresp_update,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_DELETE, "/v2/messaging_profiles/{id}/autoresp_configs/{cfg}", res_autoresp_delete,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/phone_numbers/messaging", res_numbers_list, ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/phone_numbers/{id}/messaging", res_numbers_get, ROUTE_AUTH_V2},
    {METHOD_PATCH, "/v2/phone_numbers/{id}/messaging", res_numbers_update,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_GET, "/v2/messaging_optouts", res_optouts_list, ROUTE_AUTH_V2},

    /* Message detail records, read at once (docs/behaviour.md §4.5). */
    {METHOD_GET, "/v2/detail_records", res_records_search, ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/reports/mdrs", res_records_mdrs, ROUTE_AUTH_V2},

    /* MDR usage reports (docs/behaviour.md §5.1). */
    {METHOD_POST, "/v2/reports/mdr_usage_reports", res_usage_create,
     ROUTE_AUTH_V2 | ROUTE_BODY | ROUTE_ANY_TYPE},
    {METHOD_GET, "/v2/reports/mdr_usage_reports", res_usage_list, ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/reports/mdr_usage_reports/sync", res_usage_sync, ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/reports/mdr_usage_reports/{id}", res_usage_get, ROUTE_AUTH_V2},
    {METHOD_DELETE, "/v2/reports/mdr_usage_reports/{id}", res_usage_delete, ROUTE_AUTH_V2},
    {METHOD_POST, "/v2/legacy/reporting/usage_reports/messaging", res_usage_legacy_create,
     ROUTE_AUTH_V2 | ROUTE_BODY | ROUTE_ANY_TYPE},
    {METHOD_GET, "/v2/legacy/reporting/usage_reports/messaging", res_usage_legacy_list,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/legacy/reporting/usage_reports/messaging/{id}", res_usage_legacy_get,
     ROUTE_AUTH_V2},
    {METHOD_DELETE, "/v2/legacy/reporting/usage_reports/messaging/{id}", res_usage_legacy_delete,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/downloads/usage/{id}/{file}", res_usage_download, 0},

    /* MDR reports, v1 (docs/behaviour.md §4): no /v2 prefix, upstream. */
    {METHOD_POST, "/reporting/mdr_requests", res_reports_v1_create, ROUTE_AUTH_V1 | ROUTE_BODY},
    {METHOD_GET, "/reporting/mdr_requests", res_reports_v1_list, ROUTE_AUTH_V1},
    {METHOD_GET, "/reporting/mdr_requests/{id}", res_reports_v1_get, ROUTE_AUTH_V1},
    {METHOD_DELETE, "/reporting/mdr_requests/{id}", res_reports_v1_delete, ROUTE_AUTH_V1},

    /* MDR reports, v2 view (docs/behaviour.md §5), in both of the docs' spellings. */
    {METHOD_POST, "/v2/legacy/reporting/batch_detail_records/messaging", res_reports_v2_create,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_GET, "/v2/legacy/reporting/batch_detail_records/messaging", res_reports_v2_list,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/legacy/reporting/batch_detail_records/messaging/{id}", res_reports_v2_get,
     ROUTE_AUTH_V2},
    {METHOD_DELETE, "/v2/legacy/reporting/batch_detail_records/messaging/{id}",
     res_reports_v2_delete, ROUTE_AUTH_V2},
    {METHOD_POST, "/v2/legacy_reporting/batch_detail_records/messaging", res_reports_v2_create,
     ROUTE_AUTH_V2 | ROUTE_BODY},
    {METHOD_GET, "/v2/legacy_reporting/batch_detail_records/messaging", res_reports_v2_list,
     ROUTE_AUTH_V2},
    {METHOD_GET, "/v2/legacy_reporting/batch_detail_records/messaging/{id}", res_reports_v2_get,
     ROUTE_AUTH_V2},
    {METHOD_DELETE, "/v2/legacy_reporting/batch_detail_records/messaging/{id}",
     res_reports_v2_delete, ROUTE_AUTH_V2},

    /* Report files (docs/behaviour.md §4.4): plain links, no credentials. */
    {METHOD_GET, "/downloads/{id}/{file}", res_reports_download, 0},

    /* Control API (docs/behaviour.md §6). */
    {METHOD_GET, "/_mock/health", res_mock_server_health, ROUTE_CONTROL},
    {METHOD_POST, "/_mock/reset", res_mock_server_reset, ROUTE_CONTROL | ROUTE_BODY_OPTIONAL},
    {METHOD_GET, "/_mock/clock", res_mock_clock_get, ROUTE_CONTROL},
    {METHOD_POST, "/_mock/clock", res_mock_clock_set, ROUTE_CONTROL | ROUTE_BODY},
    {METHOD_POST, "/_mock/faults", res_mock_faults_add, ROUTE_CONTROL | ROUTE_BODY},
    {METHOD_GET, "/_mock/faults", res_mock_faults_list, ROUTE_CONTROL},
    {METHOD_DELETE, "/_mock/faults", res_mock_faults_clear, ROUTE_CONTROL},
    {METHOD_DELETE, "/_mock/faults/{id}", res_mock_faults_delete, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/requests", res_mock_journal, ROUTE_CONTROL},
    {METHOD_POST, "/_mock/tenants", res_mock_tenants_label, ROUTE_CONTROL | ROUTE_BODY},
    {METHOD_GET, "/_mock/tenants", res_mock_tenants_list, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/messages", res_mock_messages_list, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/messages/latest", res_mock_messages_latest, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/messages/{id}", res_mock_messages_get, ROUTE_CONTROL},
    {METHOD_PUT, "/_mock/messaging_profiles/{id}", res_mock_profiles_put,
     ROUTE_CONTROL | ROUTE_BODY},
    {METHOD_GET, "/_mock/messaging_profiles/{id}", res_mock_profiles_get, ROUTE_CONTROL},
    {METHOD_POST, "/_mock/inbound", res_mock_messages_inbound, ROUTE_CONTROL | ROUTE_BODY},
    {METHOD_GET, "/_mock/webhooks", res_mock_webhooks_list, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/reports", res_mock_reports, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/webhook_key", res_mock_webhooks_key, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/events", res_mock_events, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/openapi.yaml", res_ui_openapi_yaml, ROUTE_CONTROL},
    {METHOD_GET, "/_mock/openapi.json", res_ui_openapi_json, ROUTE_CONTROL},

    /* The web inspector (docs/inspector.md): pages a browser opens. */
    {METHOD_GET, "/", res_ui_index, ROUTE_CONTROL | ROUTE_PAGE},
    {METHOD_GET, "/_mock/ui", res_ui_index, ROUTE_CONTROL | ROUTE_PAGE},
    {METHOD_GET, "/_mock/ui/{file}", res_ui_file, ROUTE_CONTROL | ROUTE_PAGE},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
