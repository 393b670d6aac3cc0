"""After a broken scene file: the new scene exists at once, the next start carries on with it, the
banner says how to get back to it, and Escape hides the banner."""

from __future__ import annotations

from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
from app.ui.screens.notice_banner import NoticeBanner
from tests.helpers.common import LOCAL, wait_until

SIZE = (120, 40)


async def test_a_broken_scene_file_gets_one_lasting_replacement(paths):
    paths.scene_file.parent.mkdir(parents=True, exist_ok=True)
    paths.scene_file.write_text("format = 1\n[[slot]\n")  # TOML syntax error
    app = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with app.run_test(size=SIZE) as pilot:
        replacement = app.session.scene_file.path
        await wait_until(replacement.exists)  # before any change
        banner = app.query_one(NoticeBanner)
        assert banner.has_class("-shown")
        assert f"--scene {replacement}" in str(banner.render())
        await pilot.press("n")  # some work in the replacement
        await wait_until(lambda: "Root/Slot" in replacement.read_text())
        app.query_one("HierarchyPane").tree.focus()
        await pilot.press("escape")
        await wait_until(lambda: not banner.has_class("-shown"))
    again = InspectorApp(Session(SessionConfig(paths=paths, local_user=LOCAL)))
    async with again.run_test(size=SIZE):
        assert again.session.scene_file.path == replacement  # not yet another empty scene
        assert again.session.scene.find_slot("Root/Slot") is not None
        assert "carries on with" in str(again.query_one(NoticeBanner).render())
    assert len(list(paths.scene_file.parent.glob("scene-new-*.toml"))) == 1
    assert paths.scene_file.read_text() == "format = 1\n[[slot]\n"  # never overwritten
