// What Keluhan prints, and the one set of states a print goes through: the
// print_jobs table stores it, a PrintReport ends in it, the kiosk's done
// screen and the panel's print list show it.
#pragma once

#include <optional>
#include <string_view>

namespace keluhan {

// Stored as "tanda_terima" and "surat_tanggapan".
enum class PrintDocument {
    TandaTerima,    // the visitor's receipt with its QR code
    SuratTanggapan, // the signed response letter (the Send step)
};
[[nodiscard]] std::string_view to_string(PrintDocument d);
[[nodiscard]] std::optional<PrintDocument> print_document_from_string(std::string_view s);

enum class PrintState {
    Queued,    // recorded, not yet with CUPS
    Submitted, // CUPS accepted it; being followed (or the program closed meanwhile)
    Completed, // CUPS finished the job (paper is likely out; "completed" cannot prove it)
    Held,      // the queue is stopped or the job was held: cancelled, reprint later
    Failed,    // aborted by CUPS, refused, timed out, or could not be sent
    Cancelled, // cancelled outside Keluhan (lprm, the CUPS web page)
    Saved,     // no printer set up at all: the PDF was saved under the data folder
    Refused,   // nothing was tried (a visitor's reprint limit, a bad request): never stored
};
[[nodiscard]] std::string_view to_string(PrintState s);
[[nodiscard]] std::optional<PrintState> print_state_from_string(std::string_view s);
// Queued and Submitted are still under way; every other state is an end.
[[nodiscard]] constexpr bool finished(PrintState s) {
    return s != PrintState::Queued && s != PrintState::Submitted;
}

} // namespace keluhan
