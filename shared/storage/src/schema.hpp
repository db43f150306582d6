// The parts of the schema, each defined in the .cpp of the area whose
// queries use its tables; store.cpp lists them in the order they run.
// Never edit a shipped part: add a new one for a new schema version.
#pragma once

namespace keluhan::store_detail {

// complaints.cpp
extern const char kComplaintTablesV1[];  // complaints, events, attachments
extern const char kLetterSequenceV7[];   // the response letters' numbers per year
extern const char kRegisterSequenceV1[]; // the register's numbers per year
extern const char kComplaintSearchV1[];  // complaints_fts and its triggers
extern const char kComplaintCreatedIndexesV3[];
extern const char kComplaintContactIndexesV5[];
extern const char kComplaintFunctionV8[]; // the function a disposition routes to
// accounts.cpp
extern const char kUsersAuditV1[];
extern const char kSettingsV5[];
extern const char kSessionsV6[];
extern const char kUserFunctionV8[]; // the function a coordinator coordinates
// print_jobs.cpp
extern const char kPrintJobsV2[];
// sync_hub.cpp
extern const char kSyncHubV4[];
// sync_kiosk.cpp
extern const char kOutboxV1[];
extern const char kSyncKioskV4[];
// capa.cpp
extern const char kCapaV5[];
// skm.cpp
extern const char kSkmV9[];        // satisfaction-survey responses
extern const char kSkmOutboxV10[]; // a kiosk's survey outbox
// notices.cpp
extern const char kNoticesV11[]; // complaints.language, the outbox of messages to complainants

} // namespace keluhan::store_detail
