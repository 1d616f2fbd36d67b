; Inno Setup 6 script: the Windows installer of 有度管理控制台 / Youdu Console.
; Saved as UTF-8 with a BOM: Inno Setup reads a file without one in the ANSI code page (garbling the Chinese).
;
; Built by packaging/windows/build-windows.ps1 (which passes the defines below), or by hand:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\build\dist\youdu-console /DIconFile=..\..\build\icons\youdu-console.ico ^
;        /O..\..\dist packaging\windows\youdu-console.iss
;
; Installs the one-folder PyInstaller bundle into Program Files (or the user's folder, when not an
; administrator), a Start-menu entry for the windowed YouduConsole.exe, optionally a desktop icon, and an
; uninstaller. The command line stays available as youdu-console.exe in the same folder.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\dist\youdu-console"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\youdu-console.ico"
#endif

#define AppNameZh "有度管理控制台"
#define AppNameEn "Youdu Console"

[Setup]
; The AppId identifies the product across versions (upgrades, uninstall); never change it.
AppId={{6C1D3F0A-5B7E-4E0B-9F4C-2A9E7D1B8C35}
AppName={#AppNameZh}
AppVerName={#AppNameZh} {#AppVersion}
AppVersion={#AppVersion}
AppPublisher=Youdu
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppNameZh} / {#AppNameEn}
VersionInfoDescription={#AppNameZh} / {#AppNameEn} Setup
DefaultDirName={autopf}\Youdu Console
DefaultGroupName={#AppNameZh}
DisableProgramGroupPage=yes
; Administrators install for everyone; others can still install for themselves.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\YouduConsole.exe
UninstallDisplayName={#AppNameZh} / {#AppNameEn}
OutputBaseFilename=youdu-console-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Offer to close a running console before files are replaced.
CloseApplications=yes

[Languages]
; Chinese first: it is the default when Windows' UI language does not match either.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "ChineseSimplified.isl"
#else
  #pragma message "ChineseSimplified.isl not found: the installer speaks English only (see packaging/windows/README.md)"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppNameZh}"; Filename: "{app}\YouduConsole.exe"; Comment: "{#AppNameZh} / {#AppNameEn}"
Name: "{autodesktop}\{#AppNameZh}"; Filename: "{app}\YouduConsole.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\YouduConsole.exe"; Description: "{cm:LaunchProgram,{#AppNameZh}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there: the user's databases and preferences live in %LOCALAPPDATA% and stay.
Type: filesandordirs; Name: "{app}\_internal"
