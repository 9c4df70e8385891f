"""The fonts the PDF is printed in: an office's licensed 公文 fonts when installed, else free look-alikes.

GB/T 9704-2012 sets the title in 小标宋 (§7.3.1), the text in 仿宋 with headings in 黑体 and 楷体 (§7.3.3), the
page numbers in 宋体 (§7.5). The licensed faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) are used
when fontconfig lists them; otherwise the free families that look most like them, from Debian's packages
(``scripts/fonts.sh`` installs them): Noto Serif CJK SC for 宋体 and 仿宋, its bold for 小标宋, Noto Sans CJK
SC for 黑体, LXGW WenKai or AR PL UKai for 楷体. A role with none of these installed falls back to Noto Sans
CJK SC from the ``noto-cjk-sans-otc`` package, which is always there, so the PDF never shows empty boxes.

Families are named as fontconfig knows them ("Noto Serif CJK SC"), never by file: a collection's first face is
the Japanese one, and the SC family is the one with the simplified Chinese glyph shapes. The DOCX names the
licensed fonts whatever is installed (``docx.py``): Word substitutes its own when they are missing.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: The ``@font-face`` family of the bundled fallback, Noto Sans CJK from PyPI.
FALLBACK_FAMILY = "FazhiNotoSansCJK"
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"


@dataclass(frozen=True)
class Role:
    """A kind of line in a 公文 and the families that may print it, the licensed ones first."""

    licensed: tuple[str, ...]
    free: tuple[str, ...]
    free_weight: int = 400  # the weight a free stand-in is printed at (the licensed faces are used as they are)


ROLES = {
    "title": Role(("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK"), (SERIF,), free_weight=600),
    "body": Role(("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong"), (SERIF,)),
    "hei": Role(("黑体", "SimHei", "STHeiti"), (SANS,)),
    "kai": Role(("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti"), ("LXGW WenKai", "AR PL UKai CN")),
    "song": Role(("宋体", "SimSun", "STSong"), (SERIF,)),
}


@dataclass(frozen=True)
class Font:
    family: str  # the family as CSS names it; FALLBACK_FAMILY when none is installed
    weight: int = 400
    licensed: bool = False

    @property
    def css(self) -> str:
        """The ``font-family`` and ``font-weight`` declarations. Characters the family lacks are drawn by
        another installed font that has them (fontconfig's fallback), so none is listed after it.

        The fallback is named by its SC face's own family first: ``@font-face`` adds every face of the
        collection under FALLBACK_FAMILY, and that name alone picks the first, Japanese, one.
        """
        families = f'"{SANS}", "{FALLBACK_FAMILY}"' if self.family == FALLBACK_FAMILY else f'"{self.family}"'
        return f"font-family: {families}; font-weight: {self.weight};"


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Every family name fontconfig lists (a family may go by several), asked once per process."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, timeout=20,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


def choose(role: Role, installed: frozenset[str]) -> Font:
    """Return the first licensed family installed, else the first free one, else the bundled fallback."""
    for family in role.licensed:
        if family in installed:
            return Font(family, licensed=True)
    for family in role.free:
        if family in installed:
            return Font(family, role.free_weight)
    return Font(FALLBACK_FAMILY, role.free_weight)


@lru_cache(maxsize=1)
def pdf_fonts() -> dict[str, Font]:
    """The font of each role (title, body, hei, kai, song) on this machine."""
    installed = installed_families()
    return {name: choose(role, installed) for name, role in ROLES.items()}


def fallback_face() -> str:
    """The ``@font-face`` rule of the bundled Noto Sans CJK collection (regular; bold is synthesised).

    Only a style sheet that needs it has it: WeasyPrint copies the 19 MB file for each document that does.
    """
    from noto_cjk_sans_otc import FONT_PATH

    return f'@font-face {{ font-family: "{FALLBACK_FAMILY}"; src: url("{Path(FONT_PATH).resolve().as_uri()}"); }}'
