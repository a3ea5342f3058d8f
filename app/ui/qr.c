/* QR codes with libqrencode, drawn module by module. */
#include "incontro/ui.h"

#include <qrencode.h>

bool ik_ui_qr(IkUi *ui, const char *text, IkRect r)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return false;
    int side = r.w < r.h ? r.w : r.h;
    int quiet = 4;
    int cells = qr->width + 2 * quiet;
    int m = side / cells;
    if (m < 1)
        m = 1;
    int size = m * cells;
    int ox = r.x + (r.w - size) / 2, oy = r.y + (r.h - size) / 2;
    /* Recorded as a pictogram: the checks see it cut or over a text. */
    ik_ui_record(ui, IK_ITEM_ICON, ui->owner >= 0 ? ui->items[ui->owner].id : "qr",
                 (IkRect){ox, oy, size, size});
    if (ui->gfx) {
        SDL_Color white = {255, 255, 255, 255}, black = {0, 0, 0, 255};
        ik_gfx_fill_rect(ui->gfx, (IkRect){ox, oy, size, size}, white);
        for (int y = 0; y < qr->width; y++)
            for (int x = 0; x < qr->width; x++)
                if (qr->data[y * qr->width + x] & 1)
                    ik_gfx_fill_rect(ui->gfx,
                                     (IkRect){ox + (x + quiet) * m, oy + (y + quiet) * m, m, m},
                                     black);
    }
    QRcode_free(qr);
    return true;
}
