// Stand-ins for admin-core's views until their files exist (see views.hpp
// and CMakeLists.txt): a page says it is not there yet; a Detail panel draws
// nothing.
#include "views.hpp"

namespace keluhan::panel {

#ifdef KELUHAN_PANEL_MISSING_REPORTS
void draw_reports(View& v) {
    page_title(v, v.t("admin.nav.reports"));
    notice_banner(v, v.t("admin.common.not_yet"));
}
#endif
#ifdef KELUHAN_PANEL_MISSING_SETTINGS
void draw_settings(View& v) {
    page_title(v, v.t("admin.nav.settings"));
    notice_banner(v, v.t("admin.common.not_yet"));
}
#endif
#ifdef KELUHAN_PANEL_MISSING_PERSONAL
void draw_personal(View&) {}
#endif
#ifdef KELUHAN_PANEL_MISSING_CAPA
void draw_capa(View&) {}
#endif

} // namespace keluhan::panel
