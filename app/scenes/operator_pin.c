/* The operator PIN: checked against the Argon2id hash in the configuration
 * (the PIN itself is stored nowhere), five wrong ones in a row lock the pad
 * for a while. */
#include "common.h"

#include <sodium.h>

bool ik_kiosk_pin_locked(const IkKiosk *k)
{
    return k->pin_locked_until > k->now;
}

bool ik_kiosk_pin_check(IkKiosk *k, const char *pin)
{
    if (ik_kiosk_pin_locked(k) || !k->config.operator_pin_hash[0])
        return false;
    if (k->pin_locked_until) {          /* a lock that ran out starts afresh */
        k->pin_locked_until = 0;
        k->pin_failures = 0;
    }
    bool ok = sodium_init() >= 0 &&
              crypto_pwhash_str_verify(k->config.operator_pin_hash, pin, strlen(pin)) == 0;
    if (ok) {
        k->pin_failures = 0;
        return true;
    }
    if (++k->pin_failures >= IK_PIN_TRIES) {
        k->pin_locked_until = k->now + IK_PIN_LOCK_MS;
        ik_log(IK_LOG_WARN, "operator menu locked after %d wrong PINs", k->pin_failures);
    }
    return false;
}
