/* incontro-kiosk: see ik_kiosk_main in kiosk.h. */
#include "incontro/kiosk.h"

int main(int argc, char **argv)
{
    return ik_kiosk_main(argc, argv);
}
