// CAPA records (src/capa.cpp): corrective and preventive action, one record
// per complaint. The rules for saving one live in ops (keluhan/ops/capa.hpp),
// the record itself in domain (keluhan/domain/capa.hpp).
#pragma once

#include "keluhan/domain/capa.hpp"
#include "keluhan/domain/error.hpp"
#include "keluhan/domain/model.hpp"
#include "keluhan/storage/database.hpp"

#include <cstdint>
#include <optional>

namespace keluhan {

class CapaRepository : protected Repository {
  public:
    explicit CapaRepository(Database& db) : Repository(db) {}

    [[nodiscard]] Result<std::optional<Capa>> capa(std::int64_t complaint_seq);
    // Saves the complaint's CAPA record with `e` (kind "capa") in its
    // history, provided the complaint is still at the step it was read at
    // (err.sop.changed otherwise), with its audit row in the same transaction.
    [[nodiscard]] Result<Capa> save_capa(const Complaint& c, const Capa& capa, const Event& e);
};

} // namespace keluhan
