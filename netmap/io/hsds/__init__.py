"""Open Referral HSDS 3.1 export: the tabular data package and the JSON form.

:mod:`~netmap.io.hsds.mapping` turns a network into HSDS records;
:mod:`~netmap.io.hsds.package` writes them as files and checks them. The official schemas
are vendored in ``spec/`` with their licence (CC BY-SA 4.0; see ``README.md`` here).
"""

from __future__ import annotations

from netmap.io.hsds.mapping import HSDS_TABLES, HSDS_VERSION, hsds_records
from netmap.io.hsds.package import SPEC_DIR, hsds_files, json_form, validate_hsds

__all__ = ["HSDS_TABLES", "HSDS_VERSION", "SPEC_DIR", "hsds_files", "hsds_records",
           "json_form", "validate_hsds"]
