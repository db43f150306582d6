// CAPA records (capa.hpp): one corrective and preventive action record per
// complaint, saved with its event and audit row in one transaction.
#include "keluhan/storage/capa.hpp"

#include "keluhan/domain/ids.hpp"

#include "schema.hpp"
#include "store_internal.hpp"

namespace keluhan {

using namespace store_detail;

// Migration 5: corrective and preventive action, one record per complaint
// (keluhan/domain/capa.hpp). (store.cpp says when each part runs.)
extern const char store_detail::kCapaV5[] = R"sql(
CREATE TABLE capa(
  complaint_seq INTEGER PRIMARY KEY REFERENCES complaints(seq) ON DELETE CASCADE,
  root_cause TEXT NOT NULL DEFAULT '',
  correction TEXT NOT NULL DEFAULT '',
  corrective_action TEXT NOT NULL DEFAULT '',
  preventive_action TEXT NOT NULL DEFAULT '',
  responsible TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL DEFAULT '',
  effective TEXT NOT NULL DEFAULT '' CHECK (effective IN ('', 'ya', 'tidak')),
  effectiveness TEXT NOT NULL DEFAULT '',
  notulen TEXT NOT NULL DEFAULT '',
  checked_on TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
)sql";

namespace {

constexpr const char* kCapaColumns = "root_cause, correction, corrective_action, "
                                     "preventive_action, responsible, due_date, effective, "
                                     "effectiveness, notulen, checked_on, updated_at, updated_by";

Capa read_capa(const db::Statement& st) {
    Capa k;
    int i = 0;
    for (const auto f : kAllCapaFields)
        k.get(f) = st.text(i++);
    k.updated_at = st.int64(10);
    k.updated_by = st.text(11);
    return k;
}

} // namespace

Result<std::optional<Capa>> CapaRepository::capa(std::int64_t seq) {
    return one_row("capa",
                   std::string("SELECT ") + kCapaColumns + " FROM capa WHERE complaint_seq = ?",
                   read_capa, seq);
}

Result<Capa> CapaRepository::save_capa(const Complaint& cpl, const Capa& k, const Event& e) {
    return guarded("save_capa", [&]() -> Result<Capa> {
        auto& c = conn();
        auto tx = begin_write();
        {
            auto st = c.cached("SELECT current_step, status FROM complaints WHERE seq = ?");
            st->bind(1, cpl.seq);
            if (!st->step())
                return Error{ErrorKind::NotFound,
                             "err.complaint.not_found",
                             {{"code", grouped_code(cpl.code)}}};
            if (st->text(0) != cpl.current_step || st->text(1) != to_string(cpl.status))
                return Error{
                    ErrorKind::Conflict, "err.sop.changed", {{"code", grouped_code(cpl.code)}}};
        }
        auto st = c.cached(
            std::string("INSERT INTO capa(complaint_seq, ") + kCapaColumns +
            ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(complaint_seq) DO UPDATE SET "
            "root_cause = excluded.root_cause, correction = excluded.correction, "
            "corrective_action = excluded.corrective_action, "
            "preventive_action = excluded.preventive_action, responsible = excluded.responsible, "
            "due_date = excluded.due_date, effective = excluded.effective, "
            "effectiveness = excluded.effectiveness, notulen = excluded.notulen, "
            "checked_on = excluded.checked_on, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by");
        st->bind(1, cpl.seq);
        int i = 2;
        for (const auto f : kAllCapaFields)
            st->bind(i++, k.get(f));
        st->bind(12, e.at).bind(13, e.actor);
        st->run();
        insert_event(c, cpl.seq, e);
        insert_audit(c, e.actor, "capa.save", cpl.code, e.step_id);
        tx.commit();
        Capa out = k;
        out.updated_at = e.at;
        out.updated_by = e.actor;
        return out;
    });
}

} // namespace keluhan
