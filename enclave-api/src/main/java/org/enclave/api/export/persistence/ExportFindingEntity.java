package org.enclave.api.export.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** One finding of the automated checks in a file of an export request. */
@Entity
@Table(name = "export_finding")
public class ExportFindingEntity {
  @Id public UUID id;

  @Column(name = "request_id")
  public UUID requestId;

  @Column(name = "file_id")
  public UUID fileId;

  public String rule;

  @Column(name = "line_number")
  public int line;

  @Column(name = "column_number")
  public int column;

  @Column(name = "start_char")
  public int start;

  @Column(name = "end_char")
  public int end;

  public String matched;

  @Column(name = "version_id")
  public UUID versionId;

  @Column(name = "corpus_file")
  public String corpusFile;

  @Column(name = "post_id")
  public String postId;

  public int position;

  /** The page of a PDF the finding is on, from 1; null for other files. */
  public Integer page;
}
