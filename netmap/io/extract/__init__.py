"""Extract draft datasets from MHLW model-project reports (地域力強化推進事業 / 多機関協働事業).

The H30 report template (seed ``datasets/sources/004_reports_visible.txt``, 30 reports) is
used by hundreds of municipalities; the text comes flattened from PDF. The modules follow the
steps of reading a report:

=================  =====================================================================
``document``       the file → lines, reports, joined line wraps
``numbers``        counts, rates, sittings a year (with plausibility checks)
``cells``          the form's fields: header, 1-1 基本情報, facility cells, 実施事業
``lexicon``        the field's bodies and words as data (``lexicon.csv``), sectors, kinds
``names``          recognising a body or meeting in text, the comparison key
``rows``           one report's rows, de-duplicated, with a calibrated ``confidence``
``meetings``       the 推進会議 table and meeting names in the body
``report``         one report → facts (:func:`extract_reports`)
``codes``          全国地方公共団体コード and romaji slugs
``to_dataset``     facts → FORMAT.md dataset folders, ``draft: true`` (:func:`write_datasets`)
=================  =====================================================================

The one entry point for people is ``netmap extract FILE --out DIR``.
"""

from __future__ import annotations

from netmap.io.extract.cells import PROGRAMS
from netmap.io.extract.report import extract_reports
from netmap.io.extract.to_dataset import write_datasets

__all__ = ["PROGRAMS", "extract_reports", "write_datasets"]
