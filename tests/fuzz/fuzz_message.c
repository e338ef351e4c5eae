/* The message-body validator, as the API (every send endpoint), fixtures and inbound use it. */
#include <string.h>

#include "fuzz.h"
#include "jsonin.h"
#include "message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct apierr e;
	json_t *body;

	fuzz_setup();
	apierr_init(&e);
	body = jsonin_parse((const char *)data, size, &e);
	if (body == NULL)
		return 0;
	if (json_is_object(body)) {
		for (int src = MESSAGE_API; src <= MESSAGE_INBOUND; src++) {
			struct message m;

			apierr_init(&e);
			if (message_from_json(body, (enum message_source)src, 1700000000000LL, &m,
			                      &e) == 0) {
				struct lifecycle_state st;

				message_state(&m, 1700000060000LL, &st);
				message_release(&m);
			} else if (e.kind == APIERR_NONE) {
				__builtin_trap(); /* a refusal always says why */
			}
		}
		/* Every send endpoint's rules over the same body. */
		for (int k = MESSAGE_KIND_ANY; k < MESSAGE_KIND_COUNT; k++) {
			struct message m;

			apierr_init(&e);
			if (message_from_send(body, (enum message_kind)k, 1700000000000LL, &m,
			                      &e) == 0)
				message_release(&m);
			else if (e.kind == APIERR_NONE)
				__builtin_trap();
		}
	}
	json_decref(body);
	return 0;
}
