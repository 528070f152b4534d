-- One round trip per append batch: the writer sends the leaves and the subtree hashes they
-- complete, computed from the tree's right edge it remembers, together with the size it expects
-- the log to have. Under the writers' advisory lock the function checks that size (another
-- process may have appended since), then stores everything in the caller's transaction. A stale
-- writer gets SQLSTATE EL001, reloads the edge and tries again.

create function audit_log_append(
    expected_size bigint,
    leaf_data     bytea[],
    leaf_hashes   bytea[],
    node_levels   smallint[],
    node_idx      bigint[],
    node_hashes   bytea[]
) returns bigint language plpgsql as $$
declare
    current_size bigint;
begin
    perform pg_advisory_xact_lock(5003045553197966657); -- 0x456e636c61766541, "EnclaveA"
    select coalesce(max(idx) + 1, 0) into current_size from audit_log_entry;
    if current_size <> expected_size then
        raise exception 'audit log has % entries, the writer expected %', current_size, expected_size
            using errcode = 'EL001';
    end if;
    if cardinality(leaf_data) is distinct from cardinality(leaf_hashes)
        or cardinality(node_levels) is distinct from cardinality(node_idx)
        or cardinality(node_levels) is distinct from cardinality(node_hashes) then
        raise exception 'audit log append: array lengths differ' using errcode = '22023';
    end if;
    insert into audit_log_entry (idx, leaf_data, leaf_hash)
        select expected_size + t.ord - 1, t.data, t.hash
        from unnest(leaf_data, leaf_hashes) with ordinality as t(data, hash, ord);
    if cardinality(node_levels) > 0 then
        insert into audit_log_node (level, idx, hash)
            select * from unnest(node_levels, node_idx, node_hashes);
    end if;
    return expected_size + cardinality(leaf_data);
end;
$$;
