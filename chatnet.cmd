@echo off
rem chatnet for Windows: start the server (standalone, one process), a client, or build the jars.
setlocal
set "HERE=%~dp0"
set "JAVA_CMD=java"
if defined JAVA set "JAVA_CMD=%JAVA%"
set "COMMAND=%~1"
if "%COMMAND%"=="" goto usage
shift
set "ARGS="
:collect
if "%~1"=="" goto run
set ARGS=%ARGS% %1
shift
goto collect

:run
if /i "%COMMAND%"=="server" (
  if not exist "%HERE%standalone\target\chatnet-standalone.jar" call :build || exit /b 1
  "%JAVA_CMD%" %CHATNET_JAVA_OPTS% -jar "%HERE%standalone\target\chatnet-standalone.jar" %ARGS%
  exit /b %ERRORLEVEL%
)
if /i "%COMMAND%"=="client" (
  if not exist "%HERE%cli-client\target\chatnet-client.jar" call :build || exit /b 1
  "%JAVA_CMD%" %CHATNET_JAVA_OPTS% -jar "%HERE%cli-client\target\chatnet-client.jar" %ARGS%
  exit /b %ERRORLEVEL%
)
if /i "%COMMAND%"=="build" (
  call :build
  exit /b %ERRORLEVEL%
)

:usage
echo Usage: chatnet ^<server^|client^|build^> [options]
echo   server [options]   start chatnet in one process (gateway on 12000); --help lists the options
echo   client [options]   start a client: --host, --port, --name (asked for when missing)
echo   build              build every jar (mvn package, tests skipped)
exit /b 2

:build
echo Building chatnet ...
pushd "%HERE%"
call mvn -B -q -DskipTests package
set "RC=%ERRORLEVEL%"
popd
exit /b %RC%
