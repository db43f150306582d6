#include "views.hpp"

#include <imgui.h>

namespace keluhan::panel {

void draw_print(View& v) { page_title(v, v.t("admin.nav.register")); }

} // namespace keluhan::panel
