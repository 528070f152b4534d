-- What each export file is, told by its content (text, csv, pdf, png, safetensors, ...), and the
-- page of a finding in a PDF (docs/exports.md).
alter table export_file add column kind varchar(16);
alter table export_finding add column page integer check (page is null or page >= 1);
