# packaging/windows/build-windows.ps1 — build, smoke-test and package 有度管理控制台 / Youdu Console on Windows.
#
#   pwsh packaging/windows/build-windows.ps1 [-Python python] [-SkipInstaller]
#
# 1. Installs PyInstaller and the project into the given Python (a venv or CI's setup-python).
# 2. Icons (build\icons\youdu-console.ico) from the SVG; PyInstaller one-folder bundle in build\dist\youdu-console
#    with youdu-console.exe (console: the CLI and --smoke-test) and YouduConsole.exe (windowed: the menu entry).
# 3. Runs youdu-console.exe --smoke-test offscreen (screenshot to build\bundle-screenshot-windows.png).
# 4. Inno Setup: dist\youdu-console-VERSION-windows-x64-setup.exe; installs it silently into a temp folder,
#    smoke-tests the installed copy, and uninstalls it again.
# Not run on this project's Linux machines: see packaging/README.md for what was verified where.
param(
    [string]$Python = "python",
    [switch]$SkipInstaller
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Repo = (Resolve-Path "$PSScriptRoot\..\..").Path
Set-Location $Repo

function Invoke-Checked([string]$What, [scriptblock]$Block) {
    & $Block
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE" }
}

function Test-Smoke([string]$Exe, [string]$Screenshot) {
    $env:QT_QPA_PLATFORM = "offscreen"
    $env:YOUDU_SMOKE_SCREENSHOT = $Screenshot
    $out = & $Exe --smoke-test
    $code = $LASTEXITCODE
    Remove-Item Env:YOUDU_SMOKE_SCREENSHOT
    Write-Host $out
    if ($code -ne 0 -or -not ("$out" -match "^smoke-test ok: .* frozen=yes")) { throw "smoke test of $Exe failed: $out" }
}

# --- 1. build tools ---------------------------------------------------------------------------------------
Invoke-Checked "pip install" { & $Python -m pip install --disable-pip-version-check --progress-bar off -q "pyinstaller>=6.10" -e . }
$Version = (& $Python -c "import youdu_console; print(youdu_console.__version__)").Trim()
Write-Host "[build-windows] version $Version"

# --- 2. icons and the bundle ------------------------------------------------------------------------------
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Checked "make_icons" { & $Python packaging\make_icons.py build\icons }
$env:YOUDU_ICONS = "$Repo\build\icons"
Invoke-Checked "PyInstaller" { & $Python -m PyInstaller --noconfirm --log-level WARN --distpath build\dist --workpath build\pyinstaller packaging\youdu-console.spec }
$Bundle = "$Repo\build\dist\youdu-console"
foreach ($exe in "youdu-console.exe", "YouduConsole.exe") {
    if (-not (Test-Path "$Bundle\$exe")) { throw "$exe missing from the bundle" }
}
$SizeMB = [math]::Round(((Get-ChildItem $Bundle -Recurse -File | Measure-Object Length -Sum).Sum / 1MB), 1)
Write-Host "[build-windows] bundle: $Bundle size=$SizeMB MB unpacked"

# --- 3. smoke test of the bundle --------------------------------------------------------------------------
Test-Smoke "$Bundle\youdu-console.exe" "$Repo\build\bundle-screenshot-windows.png"
if ($SkipInstaller) { exit 0 }

# --- 4. installer, installed, smoke-tested, removed -------------------------------------------------------
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 (ISCC.exe) not found: choco install innosetup" }
New-Item -ItemType Directory -Force dist | Out-Null
Invoke-Checked "ISCC" { & $Iscc "/DAppVersion=$Version" "/DSourceDir=$Bundle" "/DIconFile=$Repo\build\icons\youdu-console.ico" "/O$Repo\dist" packaging\windows\youdu-console.iss }
$Setup = "$Repo\dist\youdu-console-$Version-windows-x64-setup.exe"
$Target = "$env:RUNNER_TEMP\youdu-console-installed"
if (-not $env:RUNNER_TEMP) { $Target = "$env:TEMP\youdu-console-installed" }
$p = Start-Process $Setup -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/DIR=`"$Target`"" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "installer exit code $($p.ExitCode)" }
Test-Smoke "$Target\youdu-console.exe" "$Repo\build\installed-screenshot-windows.png"
$p = Start-Process "$Target\unins000.exe" -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "uninstaller exit code $($p.ExitCode)" }
Write-Host "[build-windows] installer: $Setup ($([math]::Round((Get-Item $Setup).Length / 1MB, 1)) MB)"
