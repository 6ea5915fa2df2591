package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited write or denial. */
@Entity
@Table(name = "audit_event")
public class AuditEventRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    @Column(name = "request_id")
    public String requestId;
    public String actor;
    public String action;
    public String repository;
    public String path;
    public String outcome;
    public Integer status;
    public String detail;
    @Column(name = "remote_addr")
    public String remoteAddr;
}
