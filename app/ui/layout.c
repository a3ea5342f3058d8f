/* Layout: regions cut from a box, and rows, columns, grids and flows sized
 * from measured content. Every function here works in reading order and
 * mirrors for right-to-left at one place (ik_ui_mirror), so a scene written
 * once lays out for both directions, any window and any text size. */
#include "incontro/ui.h"

#include <math.h>

#include "incontro/core.h"

static int clamp_span(const IkSpan *s, int v)
{
    if (s->max > 0 && v > s->max)
        v = s->max;
    if (v < s->min)
        v = s->min;
    return v;
}

IkRect ik_ui_mirror(IkRect r, int x, int w, bool rtl)
{
    if (rtl)
        r.x = x + (x + w) - (r.x + r.w);
    return r;
}

bool ik_ui_intersect(IkRect a, IkRect b, IkRect *out)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 <= x0 || y1 <= y0)
        return false;
    if (out)
        *out = (IkRect){x0, y0, x1 - x0, y1 - y0};
    return true;
}

IkRect ik_ui_inset(IkRect r, int d)
{
    return ik_ui_inset2(r, d, d);
}

IkRect ik_ui_inset2(IkRect r, int dx, int dy)
{
    IkRect o = {r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy};
    if (o.w < 0)
        o.w = 0;
    if (o.h < 0)
        o.h = 0;
    return o;
}

bool ik_ui_contains(IkRect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* ---- cutting ------------------------------------------------------------ */
IkRect ik_ui_cut_top(IkRect *r, int h, int gap)
{
    if (h > r->h)
        h = r->h;
    IkRect out = {r->x, r->y, r->w, h};
    int used = h + gap < r->h ? h + gap : r->h;
    r->y += used;
    r->h -= used;
    return out;
}

IkRect ik_ui_cut_bottom(IkRect *r, int h, int gap)
{
    if (h > r->h)
        h = r->h;
    IkRect out = {r->x, r->y + r->h - h, r->w, h};
    int used = h + gap < r->h ? h + gap : r->h;
    r->h -= used;
    return out;
}

/* Cuts from the left (side < 0) or the right edge, in screen terms. */
static IkRect cut_side(IkRect *r, int w, int gap, bool left)
{
    if (w > r->w)
        w = r->w;
    int used = w + gap < r->w ? w + gap : r->w;
    IkRect out = {left ? r->x : r->x + r->w - w, r->y, w, r->h};
    if (left)
        r->x += used;
    r->w -= used;
    return out;
}

IkRect ik_ui_cut_start(const IkUi *ui, IkRect *r, int w, int gap)
{
    return cut_side(r, w, gap, !ui->rtl);
}

IkRect ik_ui_cut_end(const IkUi *ui, IkRect *r, int w, int gap)
{
    return cut_side(r, w, gap, ui->rtl);
}

IkRect ik_ui_center(IkRect r, int w, int h)
{
    if (w > r.w)
        w = r.w;
    if (h > r.h)
        h = r.h;
    IkRect o = {r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
    return o;
}

/* ---- rows and columns --------------------------------------------------- */
int ik_ui_distribute(int room, int gap, const IkSpan *spans, int n, int *sizes)
{
    if (n <= 0)
        return 0;
    int total = gap * (n - 1);
    float grow = 0;
    for (int i = 0; i < n; i++) {
        sizes[i] = clamp_span(&spans[i], spans[i].basis);
        total += sizes[i];
        grow += spans[i].grow > 0 ? spans[i].grow : 0;
    }
    /* Room left over: to the growing spans by weight, up to their max; what
     * a span at its max cannot take goes round again. */
    for (int pass = 0; pass < n && total < room && grow > 0; pass++) {
        int left = room - total;
        float next_grow = 0;
        for (int i = 0; i < n; i++) {
            if (spans[i].grow <= 0 || (spans[i].max > 0 && sizes[i] >= spans[i].max))
                continue;
            int add = (int)floorf(left * spans[i].grow / grow);
            int v = clamp_span(&spans[i], sizes[i] + add);
            total += v - sizes[i];
            sizes[i] = v;
            if (spans[i].max <= 0 || v < spans[i].max)
                next_grow += spans[i].grow;
        }
        grow = next_grow;
        if (room - total == left)
            break;
    }
    /* Rounding leaves a few pixels: the last growing span takes them. */
    for (int i = n - 1; i >= 0 && total < room && grow > 0; i--)
        if (spans[i].grow > 0) {
            int v = clamp_span(&spans[i], sizes[i] + room - total);
            total += v - sizes[i];
            sizes[i] = v;
            break;
        }
    /* Missing room: taken from spans above their min, in proportion to what
     * each can give. */
    if (total > room) {
        int give = 0;
        for (int i = 0; i < n; i++)
            give += sizes[i] - spans[i].min;
        int need = total - room;
        if (need > give)
            need = give;
        int taken = 0;
        for (int i = 0; i < n && give > 0; i++) {
            int can = sizes[i] - spans[i].min;
            int t = (int)ceilf((float)need * can / give);
            if (t > can)
                t = can;
            if (t > need - taken)
                t = need - taken;
            sizes[i] -= t;
            taken += t;
        }
        total -= taken;
    }
    return total;
}

int ik_ui_row(const IkUi *ui, IkRect r, int gap, const IkSpan *spans, int n, IkRect *out)
{
    int sizes[64];
    IK_ASSERT(n <= 64);
    int used = ik_ui_distribute(r.w, gap, spans, n, sizes);
    int x = r.x;
    for (int i = 0; i < n; i++) {
        IkRect b = {x, r.y, sizes[i], r.h};
        out[i] = ik_ui_mirror(b, r.x, r.w, ui->rtl);
        x += sizes[i] + gap;
    }
    return used;
}

int ik_ui_column(IkRect r, int gap, const IkSpan *spans, int n, IkRect *out)
{
    int sizes[64];
    IK_ASSERT(n <= 64);
    int used = ik_ui_distribute(r.h, gap, spans, n, sizes);
    int y = r.y;
    for (int i = 0; i < n; i++) {
        out[i] = (IkRect){r.x, y, r.w, sizes[i]};
        y += sizes[i] + gap;
    }
    return used;
}

/* ---- grids and flows ---------------------------------------------------- */
int ik_ui_grid_columns(int width, int n, int min_w, int max_cols, int gap)
{
    int cols = min_w > 0 ? (width + gap) / (min_w + gap) : n;
    if (max_cols > 0 && cols > max_cols)
        cols = max_cols;
    if (cols > n)
        cols = n;
    return cols < 1 ? 1 : cols;
}

int ik_ui_grid(const IkUi *ui, IkRect r, int n, int cols, int cell_h, int gap, IkRect *out)
{
    if (n <= 0)
        return 0;
    if (cols < 1)
        cols = 1;
    int w = (r.w - gap * (cols - 1)) / cols;
    for (int i = 0; i < n; i++) {
        int c = i % cols, row = i / cols;
        IkRect b = {r.x + c * (w + gap), r.y + row * (cell_h + gap), w, cell_h};
        out[i] = ik_ui_mirror(b, r.x, r.w, ui->rtl);
    }
    int rows = (n + cols - 1) / cols;
    return rows * cell_h + (rows - 1) * gap;
}

int ik_ui_flow(const IkUi *ui, IkRect r, const int *widths, int n, int row_h, int gap,
               IkRect *out)
{
    if (n <= 0)
        return 0;
    int x = 0, y = 0;
    for (int i = 0; i < n; i++) {
        int w = widths[i] < r.w ? widths[i] : r.w;
        if (x > 0 && x + w > r.w) {
            x = 0;
            y += row_h + gap;
        }
        IkRect b = {r.x + x, r.y + y, w, row_h};
        out[i] = ik_ui_mirror(b, r.x, r.w, ui->rtl);
        x += w + gap;
    }
    return y + row_h;
}

