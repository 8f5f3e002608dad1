// Dear ImGui's test-engine hooks (compiled in with IMGUI_ENABLE_TEST_ENGINE), forwarded to the automation hook.
// Built inside the ImGui library so the library links on its own (tests, both front ends).
#include "automation.hpp"

#include <imgui.h>
#include <imgui_internal.h>

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
    oqs::ui::Automation::instance().itemAdd(id, bb.Min.x, bb.Min.y, bb.GetWidth(), bb.GetHeight());
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    bool enabled = !(ctx->LastItemData.InFlags & ImGuiItemFlags_Disabled);
    oqs::ui::Automation::instance().itemInfo(id, label, enabled);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
